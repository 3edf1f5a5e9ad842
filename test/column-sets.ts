/**
 * Small synthetic column profiles (ColumnInfo[]) shaped like common datasets, for planner tests.
 * No data: names, semantic types, roles, distinct counts and a few example values.
 */
import type { ColumnInfo } from '../src/data/column-info.js';

type Sem = ColumnInfo['semantic'];

function col(name: string, semantic: Sem, distinct: number, examples: string[], extra: Partial<ColumnInfo> = {}): ColumnInfo {
  return { name, type: semantic, semantic, role: 'feature', missingShare: 0, distinct, examples, ...extra };
}

export interface ColumnSet {
  columns: ColumnInfo[];
  targetGuess: string;
  taskGuess: 'binary' | 'multiclass' | 'regression';
  minorityShare: number | null;
}

export const titanic: ColumnSet = {
  columns: [
    col('PassengerId', 'numeric', 891, ['1', '2', '3'], { role: 'id', reason: 'unique per row' }),
    col('Survived', 'numeric', 2, ['0', '1']),
    col('Pclass', 'numeric', 3, ['3', '1', '2']),
    col('Name', 'text', 891, ['Braund, Mr. Owen Harris', 'Heikkinen, Miss. Laina'], { lang: 'en', role: 'id' }),
    col('Sex', 'categorical', 2, ['male', 'female']),
    col('Age', 'numeric', 88, ['22', '38', '26']),
    col('SibSp', 'numeric', 7, ['1', '0', '3']),
    col('Parch', 'numeric', 7, ['0', '1', '2']),
    col('Ticket', 'categorical', 681, ['A/5 21171', 'PC 17599']),
    col('Fare', 'numeric', 248, ['7.25', '71.2833']),
    col('Cabin', 'categorical', 147, ['C85', 'C123', 'E46'], { missingShare: 0.77 }),
    col('Embarked', 'categorical', 3, ['S', 'C', 'Q']),
  ],
  targetGuess: 'Survived',
  taskGuess: 'binary',
  minorityShare: 0.38,
};

export const news: ColumnSet = {
  columns: [
    col('title', 'text', 5000, ['国足客场战平叙利亚', '央行宣布降准0.5个百分点', '新款手机发布会定档'], { lang: 'zh' }),
    col('category', 'categorical', 10, ['体育', '财经', '科技', '娱乐']),
    col('source', 'categorical', 40, ['新华社', '人民网']),
    col('publish_date', 'datetime', 900, ['2021-03-01', '2021-03-02']),
  ],
  targetGuess: 'category',
  taskGuess: 'multiclass',
  minorityShare: 0.08,
};

export const spam: ColumnSet = {
  columns: [
    col('label', 'categorical', 2, ['ham', 'spam']),
    col('message', 'text', 5100, ['Go until jurong point, crazy..', 'WINNER!! You have won a prize'], { lang: 'en' }),
    col('length', 'numeric', 270, ['111', '29', '155']),
  ],
  targetGuess: 'label',
  taskGuess: 'binary',
  minorityShare: 0.13,
};

export const diamonds: ColumnSet = {
  columns: [
    col('carat', 'numeric', 273, ['0.23', '0.21', '0.29']),
    col('cut', 'categorical', 5, ['Ideal', 'Premium', 'Good', 'Very Good', 'Fair']),
    col('color', 'categorical', 7, ['E', 'I', 'J', 'H']),
    col('clarity', 'categorical', 8, ['SI2', 'SI1', 'VS1', 'VS2']),
    col('depth', 'numeric', 184, ['61.5', '59.8']),
    col('table', 'numeric', 127, ['55', '61']),
    col('price', 'numeric', 11602, ['326', '327', '334']),
    col('x', 'numeric', 554, ['3.95', '3.89']),
    col('y', 'numeric', 552, ['3.98', '3.84']),
    col('z', 'numeric', 375, ['2.43', '2.31']),
  ],
  targetGuess: 'price',
  taskGuess: 'regression',
  minorityShare: null,
};

export const churn: ColumnSet = {
  columns: [
    col('customerID', 'categorical', 7043, ['7590-VHVEG', '5575-GNVDE'], { role: 'id', reason: 'unique per row' }),
    col('gender', 'categorical', 2, ['Female', 'Male']),
    col('SeniorCitizen', 'numeric', 2, ['0', '1']),
    col('Partner', 'categorical', 2, ['Yes', 'No']),
    col('tenure', 'numeric', 73, ['1', '34', '2']),
    col('Contract', 'categorical', 3, ['Month-to-month', 'One year', 'Two year']),
    col('MonthlyCharges', 'numeric', 1585, ['29.85', '56.95']),
    col('TotalCharges', 'numeric', 6531, ['29.85', '1889.5']),
    col('PaymentMethod', 'categorical', 4, ['Electronic check', 'Mailed check']),
    col('Churn', 'categorical', 2, ['No', 'Yes']),
  ],
  targetGuess: 'Churn',
  taskGuess: 'binary',
  minorityShare: 0.27,
};

export const housingZh: ColumnSet = {
  columns: [
    col('小区', 'categorical', 300, ['阳光花园', '翠湖苑']),
    col('城市', 'categorical', 5, ['北京', '上海', '深圳']),
    col('面积', 'numeric', 800, ['89.5', '120']),
    col('卧室数', 'numeric', 6, ['2', '3', '4']),
    col('建成年份', 'numeric', 40, ['2005', '2012']),
    col('总价', 'numeric', 2000, ['350', '820']),
  ],
  targetGuess: '总价',
  taskGuess: 'regression',
  minorityShare: null,
};

export const housing: ColumnSet = {
  columns: [
    col('longitude', 'numeric', 844, ['-122.23']),
    col('latitude', 'numeric', 862, ['37.88']),
    col('housing_median_age', 'numeric', 52, ['41', '21']),
    col('total_rooms', 'numeric', 5926, ['880']),
    col('population', 'numeric', 3888, ['322']),
    col('median_income', 'numeric', 12928, ['8.3252']),
    col('ocean_proximity', 'categorical', 5, ['NEAR BAY', 'INLAND', '<1H OCEAN']),
    col('median_house_value', 'numeric', 3842, ['452600', '358500']),
  ],
  targetGuess: 'median_house_value',
  taskGuess: 'regression',
  minorityShare: null,
};

export const iris: ColumnSet = {
  columns: [
    col('sepal_length', 'numeric', 35, ['5.1', '4.9']),
    col('sepal_width', 'numeric', 23, ['3.5', '3.0']),
    col('petal_length', 'numeric', 43, ['1.4', '1.3']),
    col('petal_width', 'numeric', 22, ['0.2', '0.4']),
    col('species', 'categorical', 3, ['setosa', 'versicolor', 'virginica']),
  ],
  targetGuess: 'species',
  taskGuess: 'multiclass',
  minorityShare: 0.33,
};

export const reviews: ColumnSet = {
  columns: [
    col('review_id', 'numeric', 10000, ['1', '2'], { role: 'id' }),
    col('review', 'text', 9990, ['这家店的菜很好吃，服务也不错', '太难吃了，再也不来了'], { lang: 'zh' }),
    col('stars', 'numeric', 5, ['1', '5', '4']),
    col('sentiment', 'categorical', 2, ['正面', '负面']),
  ],
  targetGuess: 'sentiment',
  taskGuess: 'binary',
  minorityShare: 0.3,
};

// Sets for the planner's rule tests (offline-planner.rules.test.ts): people, taxi trips, health, mail.
export const people: ColumnSet = {
  columns: [
    col('applicant_id', 'numeric', 5000, ['1', '2'], { role: 'id' }),
    col('age', 'numeric', 60, ['34', '51']),
    col('marital_status', 'categorical', 4, ['married', 'single', 'divorced']),
    col('housing', 'categorical', 3, ['rent', 'own', 'parents']),
    col('education', 'categorical', 5, ['bachelor', 'master']),
    col('job', 'categorical', 12, ['clerk', 'engineer', 'nurse']),
    col('weight_kg', 'numeric', 400, ['61.5', '80.2']),
    col('height_cm', 'numeric', 300, ['172', '160']),
    col('income', 'numeric', 3000, ['42000', '58000']),
    col('approved', 'categorical', 2, ['yes', 'no']),
  ],
  targetGuess: 'approved',
  taskGuess: 'binary',
  minorityShare: 0.3,
};

export const taxi: ColumnSet = {
  columns: [
    col('trip_distance', 'numeric', 900, ['1.2', '7.9']),
    col('passenger_count', 'numeric', 6, ['1', '2']),
    col('pickup_hour', 'numeric', 24, ['8', '17']),
    col('payment_type', 'categorical', 3, ['card', 'cash']),
    col('fare_amount', 'numeric', 1200, ['7.5', '23.0']),
    col('tipped', 'numeric', 2, ['0', '1']),
  ],
  targetGuess: 'tipped',
  taskGuess: 'binary',
  minorityShare: 0.4,
};

export const health: ColumnSet = {
  columns: [
    col('age', 'numeric', 60, ['50', '61']),
    col('bp', 'numeric', 90, ['80', '72']),
    col('hdl', 'numeric', 120, ['45', '60']),
    col('resting_heart_rate', 'numeric', 70, ['62', '75']),
    col('glucose', 'numeric', 130, ['148', '85']),
    col('outcome', 'numeric', 2, ['0', '1']),
  ],
  targetGuess: 'outcome',
  taskGuess: 'binary',
  minorityShare: 0.35,
};

export const mail: ColumnSet = {
  columns: [
    col('sender', 'categorical', 800, ['a@x.org', 'b@y.com']),
    col('subject', 'text', 3000, ['Meeting at 3', 'WIN a prize now'], { lang: 'en' }),
    col('body', 'text', 3000, ['Hi all, the meeting moved', 'Click here'], { lang: 'en' }),
    col('is_spam', 'categorical', 2, ['spam', 'ham']),
  ],
  targetGuess: 'is_spam',
  taskGuess: 'binary',
  minorityShare: 0.3,
};

/** Loan applicants (credit scoring): a column named Time, which budget phrases must not hit. */
export const credit: ColumnSet = {
  columns: [
    col('Seniority', 'numeric', 47, ['9', '17', '10']),
    col('Home', 'categorical', 6, ['rent', 'owner']),
    col('Time', 'numeric', 11, ['60', '36', '48']),
    col('Age', 'numeric', 50, ['30', '58']),
    col('Records', 'categorical', 2, ['no', 'yes']),
    col('Amount', 'numeric', 285, ['800', '1000']),
    col('Debt', 'numeric', 183, ['0', '2500']),
    col('Price', 'numeric', 1419, ['846', '1658']),
    col('Status', 'categorical', 2, ['good', 'bad']),
  ],
  targetGuess: 'Status',
  taskGuess: 'binary',
  minorityShare: 0.28,
};

/** Single-letter column names, one of them an English article ('a'). */
export const letters: ColumnSet = {
  columns: [
    col('a', 'numeric', 7, ['1', '3']),
    col('b', 'numeric', 11, ['4', '9']),
    col('y', 'numeric', 60, ['12', '47']),
  ],
  targetGuess: 'y',
  taskGuess: 'regression',
  minorityShare: null,
};

/** Shaped like examples/churn.csv (the project's own example). */
export const subscribers: ColumnSet = {
  columns: [
    col('customer_id', 'numeric', 800, ['1', '2'], { role: 'id', reason: 'unique per row' }),
    col('age', 'numeric', 60, ['34', '51']),
    col('region', 'categorical', 4, ['north', 'south']),
    col('plan', 'categorical', 3, ['basic', 'premium']),
    col('contract', 'categorical', 3, ['monthly', 'yearly']),
    col('tenure_months', 'numeric', 72, ['12', '40']),
    col('monthly_fee', 'numeric', 300, ['29.9', '59.5']),
    col('support_tickets', 'numeric', 10, ['0', '2', '5']),
    col('churned', 'categorical', 2, ['no', 'yes']),
  ],
  targetGuess: 'churned',
  taskGuess: 'binary',
  minorityShare: 0.25,
};
