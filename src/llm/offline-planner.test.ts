import { describe, expect, it } from 'vitest';
import { offlinePlan, explainMentions } from './offline-planner.js';
import { PlanSchema, type Plan } from '../agent/plan.js';
import { titanic, news, spam, diamonds, churn, housingZh, housing, iris, reviews, credit, subscribers, type ColumnSet } from '../../test/column-sets.js';

interface Case {
  q: string;
  set: ColumnSet;
  target?: string;
  task?: Plan['task_type'];
  metric?: Plan['metric'];
  /** Exact set of excluded columns. */
  excluded?: string[];
  budget?: number;
  fast?: boolean;
  interpretable?: boolean;
  imbalanced?: boolean;
  onnx?: boolean;
  explain?: boolean;
  include?: string[] | null;
  excludeLearners?: string[];
  text?: string[];
  categorical?: string[];
  lang?: 'zh' | 'en';
  /** A substring one of the assumptions must contain. */
  assumption?: string;
}

const T = titanic;
const N = news;
const S = spam;
const D = diamonds;
const C = churn;
const HZ = housingZh;
const H = housing;
const I = iris;
const R = reviews;

const cases: Case[] = [
  // ---- titanic, Chinese
  { set: T, q: '预测哪些乘客能活下来', target: 'Survived', task: 'binary', lang: 'zh', excluded: [] },
  { set: T, q: '用年龄和性别预测是否生还', target: 'Survived', task: 'binary' },
  { set: T, q: '预测乘客是否生还，不要用 cabin 这一列', target: 'Survived', excluded: ['Cabin'] },
  { set: T, q: '帮我预测泰坦尼克号乘客的存活情况，去掉姓名和票号，两分钟内完成', target: 'Survived', excluded: ['Name', 'Ticket'], budget: 120 },
  { set: T, q: '以 survived 为目标，评估指标用准确率', target: 'Survived', metric: 'accuracy' },
  { set: T, q: 'Survived 作为目标列，用 AUC 评估，半分钟', target: 'Survived', metric: 'roc_auc', budget: 30 },
  { set: T, q: '预测票价，回归任务，用均方根误差', target: 'Fare', task: 'regression', metric: 'rmse' },
  { set: T, q: '根据舱位等级、性别和年龄判断乘客能否幸存，要可解释的模型', target: 'Survived', interpretable: true, include: ['linear', 'decision_tree'] },
  { set: T, q: '预测年龄，用平均绝对误差，一分钟', target: 'Age', task: 'regression', metric: 'mae', budget: 60 },
  { set: T, q: '我想知道哪些人获救了，宏平均F1，快速跑一下', target: 'Survived', metric: 'macro_f1', fast: true, budget: 30 },
  { set: T, q: '生还预测，别用船票号和客舱号，导出 ONNX', target: 'Survived', excluded: ['Ticket', 'Cabin'], onnx: true },
  { set: T, q: '预测survived，忽略name、ticket和cabin三列，90秒', target: 'Survived', excluded: ['Name', 'Ticket', 'Cabin'], budget: 90 },
  { set: T, q: '请用随机森林预测是否存活，不要用 knn', target: 'Survived', include: ['random_forest'], excludeLearners: ['knn'] },
  { set: T, q: '把 Pclass 当作类别变量，预测生还', target: 'Survived', categorical: ['Pclass'] },
  { set: T, q: '预测乘客的性别', target: 'Sex', task: 'binary' },
  { set: T, q: '分析一下这份泰坦尼克数据，看看哪些特征最重要', target: 'Survived', explain: true, assumption: '未指定目标列' },
  { set: T, q: '只用年龄、性别和票价来预测存活', target: 'Survived', excluded: ['PassengerId', 'Pclass', 'Name', 'SibSp', 'Parch', 'Ticket', 'Cabin', 'Embarked'] },
  { set: T, q: '登船港口预测，多类别分类', target: 'Embarked', task: 'multiclass' },
  // ---- titanic, English
  { set: T, q: 'Predict which passengers survived', target: 'Survived', task: 'binary', lang: 'en' },
  { set: T, q: 'predict survival, ignore the cabin column', target: 'Survived', excluded: ['Cabin'] },
  { set: T, q: 'Exclude name and ticket, then predict survived within 90 seconds', target: 'Survived', excluded: ['Name', 'Ticket'], budget: 90 },
  { set: T, q: 'survived is the target; drop cabin, ticket and name. Optimise accuracy.', target: 'Survived', excluded: ['Cabin', 'Ticket', 'Name'], metric: 'accuracy' },
  { set: T, q: 'predict survivd from age, sex and fare in 2 minutes', target: 'Survived', budget: 120, assumption: "read 'survivd'" },
  { set: T, q: 'Build an interpretable model to predict if a passenger survived, without using the cabin', target: 'Survived', interpretable: true, excluded: ['Cabin'] },
  { set: T, q: 'Estimate the fare each passenger paid. Metric: MAE. 45s budget.', target: 'Fare', task: 'regression', metric: 'mae', budget: 45 },
  { set: T, q: 'I need a quick classifier for who lives, as fast as possible', target: 'Survived', fast: true, budget: 30 },
  { set: T, q: 'predict the ticket class of each passenger (multiclass) using macro-F1', target: 'Pclass', task: 'multiclass', metric: 'macro_f1' },
  { set: T, q: 'Use gender, age and passenger class to determine whether someone survived; leave out the Cabn column', target: 'Survived', excluded: ['Cabin'] },
  { set: T, q: 'Train a model for Survived with log loss, export it to onnx, half a minute', target: 'Survived', metric: 'log_loss', onnx: true, budget: 30 },
  { set: T, q: 'predict fare with r2 as the metric, no random forest please', target: 'Fare', metric: 'r2', excludeLearners: ['random_forest'] },
  // ---- news titles
  { set: N, q: '对新闻标题进行多类别分类', target: 'category', task: 'multiclass', text: ['title'], lang: 'zh' },
  { set: N, q: '根据标题预测新闻类别，两分钟内', target: 'category', text: ['title'], budget: 120 },
  { set: N, q: '新闻分类：用标题判断栏目，类别不均衡，用宏F1', target: 'category', imbalanced: true, metric: 'macro_f1' },
  { set: N, q: '按类别对新闻标题分类，不要用来源和发布日期', target: 'category', excluded: ['source', 'publish_date'] },
  { set: N, q: 'Classify news headlines into categories within 60s', target: 'category', text: ['title'], budget: 60, lang: 'en' },
  { set: N, q: 'predict the category of each article from its title, ignore the source', target: 'category', excluded: ['source'], text: ['title'] },
  { set: N, q: 'multi-class text classification of titles; metric accuracy; fast', target: 'category', task: 'multiclass', metric: 'accuracy', fast: true },
  { set: N, q: '给新闻标题自动打上类型标签，准确率越高越好', target: 'category', metric: 'accuracy' },
  { set: N, q: '用朴素贝叶斯做新闻主题分类，三十秒', target: 'category', include: ['naive_bayes'], budget: 30 },
  { set: N, q: 'Which topic does a headline belong to? Use balanced accuracy.', target: 'category', metric: 'balanced_accuracy' },
  // ---- spam
  { set: S, q: '垃圾邮件识别', target: 'label', task: 'binary', text: ['message'] },
  { set: S, q: '判断短信是不是垃圾短信，类别不平衡', target: 'label', imbalanced: true, metric: 'macro_f1' },
  { set: S, q: '根据短信内容判断是否为垃圾信息，用F1值评估，一分钟以内', target: 'label', metric: 'macro_f1', budget: 60 },
  { set: S, q: 'detect spam messages', target: 'label', task: 'binary', lang: 'en' },
  { set: S, q: 'Is this text spam or ham? Train a classifier, AUC, 30s', target: 'label', metric: 'roc_auc', budget: 30 },
  { set: S, q: 'spam filter: predict the lable column, drop length', target: 'label', excluded: ['length'] },
  { set: S, q: 'build a spam detector', target: 'label', imbalanced: true, metric: 'macro_f1', assumption: 'imbalanced' },
  { set: S, q: '垃圾短信分类，不要用长度这一列', target: 'label', excluded: ['length'] },
  // ---- diamonds
  { set: D, q: '预测钻石价格', target: 'price', task: 'regression', metric: 'rmse' },
  { set: D, q: '钻石的价钱是多少？用克拉、切工、颜色和净度来预测，R2', target: 'price', metric: 'r2' },
  { set: D, q: '预测价格，不要用x、y、z这三列，平均绝对百分比误差', target: 'price', metric: 'mape', excluded: ['x', 'y', 'z'] },
  { set: D, q: 'How much is a diamond worth? regression, MAPE, 2 min', target: 'price', task: 'regression', metric: 'mape', budget: 120 },
  { set: D, q: 'predict price from carat cut color clarity; exclude x, y and z; RMSE', target: 'price', metric: 'rmse', excluded: ['x', 'y', 'z'] },
  { set: D, q: 'predict the cut quality of diamonds (multiclass), ignore price', target: 'cut', task: 'multiclass', excluded: ['price'] },
  { set: D, q: '根据其他特征预测切工等级', target: 'cut', task: 'multiclass' },
  { set: D, q: 'estimate the carat weight using a linear regression, one minute', target: 'carat', task: 'regression', include: ['linear'], budget: 60 },
  { set: D, q: '用 lightgbm 预测钻石售价，决定系数，不要用 depth 和 table', target: 'price', include: ['gbdt'], metric: 'r2', excluded: ['depth', 'table'] },
  { set: D, q: 'predict pricce, use mean absolute error', target: 'price', metric: 'mae' },
  { set: D, q: 'Price prediction for diamonds, as accurate as possible, 5 minutes', target: 'price', budget: 300 },
  { set: D, q: '钻石颜色分类', target: 'color', task: 'multiclass' },
  // ---- churn
  { set: C, q: '预测客户是否流失', target: 'Churn', task: 'binary', lang: 'zh' },
  { set: C, q: '客户流失预测，用 AUC，不要用客户编号，两分钟', target: 'Churn', metric: 'roc_auc', excluded: ['customerID'], budget: 120 },
  { set: C, q: '哪些客户会流失？类别不均衡，用平衡准确率', target: 'Churn', imbalanced: true, metric: 'balanced_accuracy' },
  { set: C, q: '用在网时长、月费和合同类型预测流失，可解释', target: 'Churn', interpretable: true },
  { set: C, q: 'predict churn', target: 'Churn', task: 'binary', lang: 'en' },
  { set: C, q: 'Which customers will leave? Drop customerID and gender. 1 minute.', target: 'Churn', excluded: ['customerID', 'gender'], budget: 60 },
  { set: C, q: 'predict monthly charges (regression) from tenure and contract', target: 'MonthlyCharges', task: 'regression' },
  { set: C, q: '预测每个客户的月费，评估用RMSE', target: 'MonthlyCharges', task: 'regression', metric: 'rmse' },
  { set: C, q: 'churn model with macro F1, exclude TotalCharges, export to ONNX, fast', target: 'Churn', metric: 'macro_f1', excluded: ['TotalCharges'], onnx: true, fast: true },
  { set: C, q: '预测总费用，不需要导出模型', target: 'TotalCharges', task: 'regression', onnx: false },
  { set: C, q: 'predict the contract type customers choose', target: 'Contract', task: 'multiclass' },
  { set: C, q: 'Predict Churn. Ignore gender and Partner. Use logistic regression only.', target: 'Churn', excluded: ['gender', 'Partner'], include: ['logistic_regression'] },
  { set: C, q: '训练一个模型', target: 'Churn', assumption: '未指定目标列' },
  { set: C, q: 'train a model', target: 'Churn', assumption: 'no target named', lang: 'en' },
  // ---- a quantity question asks for a number, even of a column with a few integer values
  { set: T, q: 'how many siblings or spouses does a passenger travel with? predict SibSp', target: 'SibSp', task: 'regression', assumption: 'asks for a number' },
  { set: T, q: '预测每位乘客带了几个兄弟姐妹 SibSp', target: 'SibSp', task: 'regression', assumption: '问的是数量' },
  { set: T, q: 'predict SibSp', target: 'SibSp', task: 'multiclass' },
  // the quantity words inside the mention ("几个房间" is one lexicon phrase; audit: multiclass)
  { set: housingZh, q: '房子有几个房间？', target: '卧室数', task: 'regression', assumption: '“几个房间”问的是数量' },
  { set: housingZh, q: '预测卧室数', target: '卧室数', task: 'multiclass' },
  { set: housingZh, q: '房子有几室？', target: '卧室数', task: 'regression' },
  // 工单 (support tickets) is a column meaning (audit: trained on the guessed 'churned')
  { set: subscribers, q: '客户提交了几个支持工单？', target: 'support_tickets', task: 'regression' },
  { set: subscribers, q: '预测客户流失，不要用工单', target: 'churned', excluded: ['support_tickets'] },
  // ---- a regression metric named for an integer target asks for numbers
  { set: T, q: 'predict SibSp, minimise MAPE', target: 'SibSp', task: 'regression', metric: 'mape', assumption: 'measures numbers' },
  { set: T, q: '预测 SibSp，用平均绝对误差评估', target: 'SibSp', task: 'regression', metric: 'mae', assumption: '衡量的是数值' },
  { set: T, q: 'predict Survived, minimise RMSE', target: 'Survived', task: 'binary' },
  { set: T, q: '乘客坐几等舱 Pclass？', target: 'Pclass', task: 'multiclass' },
  { set: T, q: 'how many passengers survived? predict Survived', target: 'Survived', task: 'binary' },
  // The word for time in a budget phrase is not the Time column.
  { set: credit, q: '看看哪些申请人会违约（Status），别用 Records，时间控制在40秒', target: 'Status', excluded: ['Records'], budget: 40 },
  { set: credit, q: 'predict Status without Records, time limit 40 seconds', target: 'Status', excluded: ['Records'], budget: 40 },
  { set: credit, q: 'predict Status, keep the training time under a minute', target: 'Status', excluded: [], budget: 60 },
  { set: credit, q: 'predict Status from Time and Amount', target: 'Status', excluded: [] },
  // "How much" may mean price, but "how much debt" asks for the debt.
  { set: credit, q: 'How much debt does an applicant have?', target: 'Debt', task: 'regression' },
  { set: credit, q: 'How much is the Price of the purchase?', target: 'Price', task: 'regression' },
  { set: T, q: 'From where did each passenger embark? Use macro F1.', target: 'Embarked', task: 'multiclass', metric: 'macro_f1' },
  { set: T, q: '乘客的船票价格大概是多少？', target: 'Fare', task: 'regression' },
  // "use X but not Y": Y is excluded; "predict X, not Y" only says which is the target.
  { set: T, q: 'predict Embarked; use Pclass as a feature but not Sex', target: 'Embarked', excluded: ['Sex'] },
  { set: T, q: 'predict Age, not Survived', target: 'Age', excluded: [] },
  // A question right after the mention asks for it.
  { set: D, q: '钻石的 cut 等级是什么？', target: 'cut', task: 'multiclass' },
  { set: D, q: '这颗钻石的 color 是哪一种', target: 'color', task: 'multiclass' },
  // The task asked for, or a yes/no question, names the kind of column the target is.
  { set: C, q: 'does a customer have a Partner? binary classification', target: 'Partner', task: 'binary' },
  { set: C, q: 'is the customer a SeniorCitizen?', target: 'SeniorCitizen', task: 'binary' },
  { set: C, q: '客户是否有 Partner？', target: 'Partner', task: 'binary' },
  { set: C, q: 'regression on tenure or Contract', target: 'tenure', task: 'regression' },
  // A how-question without a predict word asks for the numeric column named after it.
  { set: C, q: 'how long has a customer been with us on their Contract (tenure)?', target: 'tenure', task: 'regression' },
  { set: C, q: '客户在合同 Contract 上已经待了多久（tenure）？', target: 'tenure', task: 'regression' },
  { set: C, q: 'predict SeniorCitizen status with accuracy within ninety seconds', target: 'SeniorCitizen', metric: 'accuracy', budget: 90 },
  // ---- second batch (written after the first passed, mixing orders and styles)
  { set: T, q: 'cabin 这列别用了，目标是 Survived，时间一分半', target: 'Survived', excluded: ['Cabin'], budget: 90 },
  { set: T, q: '泰坦尼克生存预测 准确率 三分钟', target: 'Survived', metric: 'accuracy', budget: 180 },
  { set: T, q: 'Can you tell me who is likely to survive? Please skip the Name and Ticket fields.', target: 'Survived', excluded: ['Name', 'Ticket'] },
  { set: T, q: 'target = Survived, metric = balanced accuracy, budget 60', target: 'Survived', metric: 'balanced_accuracy', budget: 60 },
  { set: T, q: '帮我看看乘客的票价受什么影响，做个回归', target: 'Fare', task: 'regression', explain: true },
  { set: T, q: 'Fare regression. Leave out PassengerID. Quickly!', target: 'Fare', task: 'regression', excluded: ['PassengerId'], fast: true },
  { set: T, q: 'I want to model survival but the AGE column must be ignored', target: 'Survived', excluded: ['Age'] },
  { set: T, q: '请预测乘客生还与否，用决策树，要能解释', target: 'Survived', interpretable: true, include: ['decision_tree'] },
  { set: N, q: '这是新闻数据，帮我训练一个标题分类器，10分钟以内', target: 'category', text: ['title'], budget: 600 },
  { set: N, q: 'category prediction from headline text, skip publish_date, accuracy', target: 'category', excluded: ['publish_date'], metric: 'accuracy' },
  { set: N, q: '新闻属于哪个频道？用标题预测，一分钟，导出onnx', target: 'category', budget: 60, onnx: true, assumption: '要求导出 ONNX：文本列只用字符 n-gram' },
  { set: S, q: '识别垃圾邮件，要尽快，召回率重要', target: 'label', fast: true, metric: 'macro_f1' },
  { set: S, q: 'Classify each SMS as spam or not. Ignore the length feature. Fast please.', target: 'label', excluded: ['length'], fast: true },
  { set: S, q: 'label 是目标，message 是文本，AUC', target: 'label', metric: 'roc_auc', text: ['message'] },
  { set: D, q: '钻石值多少钱？去掉 table 和 depth，用梯度提升', target: 'price', excluded: ['table', 'depth'], include: ['gbdt'] },
  { set: D, q: 'what would the price of a diamond be given its carat and cut? mean squared error', target: 'price', metric: 'rmse' },
  { set: D, q: 'Train regression on price; the x y z dimensions are useless', target: 'price', task: 'regression' },
  { set: D, q: '预测净度（多分类），宏平均 F1', target: 'clarity', task: 'multiclass', metric: 'macro_f1' },
  { set: D, q: 'diamonds: estimate price, exclude clarity, 1.5 minutes, interpretable', target: 'price', excluded: ['clarity'], budget: 90, interpretable: true },
  { set: C, q: '客户会不会流失？不考虑性别，半小时', target: 'Churn', excluded: ['gender'], budget: 1800 },
  { set: C, q: 'which subscribers are going to cancel? use tenure and MonthlyCharges only', target: 'Churn', excluded: ['customerID', 'gender', 'SeniorCitizen', 'Partner', 'Contract', 'TotalCharges', 'PaymentMethod'] },
  { set: C, q: '流失预警模型，样本不均衡，不要 xgboost', target: 'Churn', imbalanced: true, excludeLearners: ['gbdt'] },
  { set: C, q: 'Predict the PaymentMethod a customer uses (4 classes) with macro f1', target: 'PaymentMethod', task: 'multiclass', metric: 'macro_f1' },
  { set: C, q: '估计客户总消费金额，MAE', target: 'TotalCharges', task: 'regression', metric: 'mae' },
  { set: C, q: 'churn; drop customerid; metric auc; time limit 2 minutes', target: 'Churn', excluded: ['customerID'], metric: 'roc_auc', budget: 120 },
  // ---- third batch: other column sets (Chinese column names, multiword names, text reviews)
  { set: HZ, q: '预测总价，不要用小区这一列', target: '总价', task: 'regression', excluded: ['小区'] },
  { set: HZ, q: '根据面积、卧室数和城市预测房价，MAE，一分钟', target: '总价', metric: 'mae', budget: 60 },
  { set: HZ, q: '房子能卖多少钱？忽略建成年份', target: '总价', excluded: ['建成年份'] },
  { set: HZ, q: '预测这套房在哪个城市（分类）', target: '城市', task: 'multiclass' },
  { set: H, q: 'Predict the median house value, ignore longitude and latitude, RMSE', target: 'median_house_value', excluded: ['longitude', 'latitude'], metric: 'rmse' },
  { set: H, q: 'predict median_income from the other columns; drop ocean proximity', target: 'median_income', excluded: ['ocean_proximity'] },
  { set: H, q: '预测房价中位数，不要用人口这一列，R²', target: 'median_house_value', metric: 'r2' },
  { set: H, q: 'classify ocean_proximity (5 classes), balanced accuracy, 20 seconds', target: 'ocean_proximity', task: 'multiclass', metric: 'balanced_accuracy', budget: 20 },
  { set: I, q: 'classify iris species', target: 'species', task: 'multiclass', lang: 'en' },
  { set: I, q: '根据花萼和花瓣的尺寸判断鸢尾花的品种，用KNN', target: 'species', include: ['knn'] },
  { set: I, q: 'predict petal width with a linear model', target: 'petal_width', task: 'regression', include: ['linear'] },
  { set: I, q: 'Which flower is it? setosa, versicolor or virginica. Exclude sepal_width.', target: 'species', excluded: ['sepal_width'] },
  { set: R, q: '判断评论是正面还是负面', target: 'sentiment', text: ['review'], task: 'binary' },
  { set: R, q: '对用户评论做情感分析，不要用 stars 这一列（会泄漏标签）', target: 'sentiment', excluded: ['stars'], text: ['review'] },
  { set: R, q: 'sentiment classification of the reviews; the stars column is a leak', target: 'sentiment', excluded: ['stars'] },
  { set: R, q: '根据评论内容预测打了几星（多分类）', target: 'stars', task: 'multiclass', text: ['review'] },
  { set: R, q: 'predict the star rating as a regression problem from review text', target: 'stars', task: 'regression' },
  // ---- fourth batch: word order, typos, indirect targets, negative cases
  { set: T, q: 'Using only Pclass, Sex and Age, figure out who survived the Titanic', target: 'Survived', excluded: ['PassengerId', 'Name', 'SibSp', 'Parch', 'Ticket', 'Fare', 'Cabin', 'Embarked'] },
  { set: T, q: 'passenger survival — exclude: Name, Ticket, Cabin; budget: 2 minutes; metric: accuracy', target: 'Survived', excluded: ['Name', 'Ticket', 'Cabin'], budget: 120, metric: 'accuracy' },
  { set: T, q: 'Survivd prediction, drop Tciket', target: 'Survived', excluded: ['Ticket'] },
  { set: T, q: '请帮我建一个模型来判断乘客的生死，姓名列没用', target: 'Survived', excluded: ['Name'] },
  { set: T, q: '乘客登船的港口能预测吗？不要用票价', target: 'Embarked', excluded: ['Fare'] },
  { set: T, q: '用 fare 和 age 这两列，预测 pclass', target: 'Pclass', task: 'multiclass' },
  { set: N, q: 'headline -> category, 多分类, 宏平均F1, 不要用 source', target: 'category', task: 'multiclass', metric: 'macro_f1', excluded: ['source'] },
  { set: N, q: '我有一批新闻，想让模型自动判断它属于体育、财经还是科技', target: 'category' },
  { set: S, q: 'I want to flag junk mail automatically; messages are in the message column', target: 'label', text: ['message'] },
  { set: S, q: 'ham or spam? do not use the length column. explain which words matter', target: 'label', excluded: ['length'] },
  { set: D, q: 'Estimate how expensive a diamond is from its 4 Cs (carat, cut, color, clarity) only', target: 'price', excluded: ['depth', 'table', 'x', 'y', 'z'] },
  { set: D, q: '钻石的定价模型，要求可解释，三分钟，不用 xyz 这几列', target: 'price', interpretable: true, budget: 180 },
  { set: D, q: 'predict the clarity grade. multi-class. ignore price and carat.', target: 'clarity', task: 'multiclass', excluded: ['price', 'carat'] },
  { set: C, q: 'Will this customer churn? Drop the customer id. AUC please, within 3 minutes.', target: 'Churn', excluded: ['customerID'], metric: 'roc_auc', budget: 180 },
  { set: C, q: '找出可能退订的用户，宏F1，快一点', target: 'Churn', metric: 'macro_f1', fast: true },
  { set: C, q: 'predict tenure (regression) using MonthlyCharges and Contract; MAE', target: 'tenure', task: 'regression', metric: 'mae' },
  { set: C, q: '客户流失，不要用 TotalCharges 和 gender 两列，导出onnx模型', target: 'Churn', excluded: ['TotalCharges', 'gender'], onnx: true },
  { set: I, q: 'iris: species classification, 10s, accuracy', target: 'species', budget: 10, metric: 'accuracy' },
  { set: R, q: '评论情感二分类，别用星级', target: 'sentiment', task: 'binary', excluded: ['stars'] },
  // ---- fifth batch: long, polite, mixed-language, abbreviations
  { set: T, q: '你好！我这里有一份 Titanic 的数据，麻烦帮我训练一个模型，看看乘客最后有没有活下来。时间别超过1分钟，另外 Ticket 和 Cabin 两列质量很差，请不要用。', target: 'Survived', budget: 60, excluded: ['Ticket', 'Cabin'] },
  { set: T, q: 'Hi there, could you please build me a classifier that tells whether each passenger made it? Accuracy is what I care about. Thanks!', target: 'Survived', metric: 'accuracy' },
  { set: T, q: 'Ticket price regression w/o Cabin & Name, MAE, ~1 min', target: 'Fare', task: 'regression', excluded: ['Cabin', 'Name'], metric: 'mae', budget: 60 },
  { set: T, q: '用 sibsp、parch 预测 survived 吧，别的列都不要', target: 'Survived' },
  { set: N, q: '帮忙做一个新闻自动归类的模型，输入是标题，输出是类别，追求准确率', target: 'category', metric: 'accuracy', text: ['title'] },
  { set: N, q: 'Given a Chinese news headline, which section should it go in? 45 seconds max.', target: 'category', budget: 45 },
  { set: S, q: 'SMS spam detection (binary), F1, no more than 2 mins', target: 'label', task: 'binary', metric: 'macro_f1', budget: 120 },
  { set: S, q: '这些短信里哪些是垃圾短信？请用可解释的模型，并导出ONNX', target: 'label', interpretable: true, onnx: true },
  { set: D, q: 'I want to know what a diamond should sell for. Use carat, cut, color and clarity only. R^2.', target: 'price', metric: 'r2', excluded: ['depth', 'table', 'x', 'y', 'z'] },
  { set: D, q: '请根据钻石的4C（克拉、切工、颜色、净度）估算价格，只用这四列', target: 'price', excluded: ['depth', 'table', 'x', 'y', 'z'] },
  { set: C, q: '电信客户流失数据，帮我找出最可能流失的客户，注意正负样本不平衡，评估用AUC，客户ID不要用', target: 'Churn', imbalanced: true, metric: 'roc_auc', excluded: ['customerID'] },
  { set: C, q: 'Customer attrition model. Exclude customerID. Optimize balanced accuracy within 40s.', target: 'Churn', excluded: ['customerID'], metric: 'balanced_accuracy', budget: 40 },
  { set: C, q: '预测客户签的是哪种合同（月付/一年/两年）', target: 'Contract', task: 'multiclass' },
  { set: HZ, q: 'predict 总价 using 面积 and 卧室数, MAE', target: '总价', metric: 'mae' },
  { set: R, q: '这条评论是好评还是差评？不要看星级，30秒内给结果', target: 'sentiment', excluded: ['stars'], budget: 30 },
];

describe('offlinePlan paraphrases', () => {
  it('has many cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });
  for (const c of cases) {
    it(c.q, () => {
      const plan = offlinePlan({
        instruction: c.q,
        columns: c.set.columns,
        targetGuess: c.set.targetGuess,
        taskGuess: c.set.taskGuess,
        minorityShare: c.set.minorityShare,
      });
      const why = JSON.stringify({ plan, mentions: explainMentions(c.q, c.set.columns).map((m) => [m.phrase, m.column, m.role]) });
      expect(PlanSchema.safeParse(plan).success).toBe(true);
      if (c.target !== undefined) expect(plan.target, why).toBe(c.target);
      if (c.task !== undefined) expect(plan.task_type, why).toBe(c.task);
      if (c.metric !== undefined) expect(plan.metric, why).toBe(c.metric);
      if (c.excluded !== undefined) expect([...plan.excluded_columns].sort(), why).toEqual([...c.excluded].sort());
      if (c.budget !== undefined) expect(plan.budget_seconds, why).toBe(c.budget);
      if (c.fast !== undefined) expect(plan.preferences.fast, why).toBe(c.fast);
      if (c.interpretable !== undefined) expect(plan.preferences.interpretable, why).toBe(c.interpretable);
      if (c.imbalanced !== undefined) expect(plan.preferences.imbalanced, why).toBe(c.imbalanced);
      if (c.onnx !== undefined) expect(plan.preferences.export_onnx, why).toBe(c.onnx);
      if (c.explain !== undefined) expect(plan.preferences.explain, why).toBe(c.explain);
      if (c.include !== undefined) expect(plan.include_learners, why).toEqual(c.include);
      if (c.excludeLearners !== undefined) expect(plan.exclude_learners, why).toEqual(c.excludeLearners);
      if (c.text !== undefined) for (const t of c.text) expect(plan.text_columns, why).toContain(t);
      if (c.categorical !== undefined) for (const t of c.categorical) expect(plan.categorical_columns, why).toContain(t);
      if (c.lang !== undefined) expect(plan.lang, why).toBe(c.lang);
      if (c.assumption !== undefined) expect(plan.assumptions.join(' | '), why).toContain(c.assumption);
    });
  }
});

describe('planInputFromProfile', () => {
  it('maps a profile (top values, class shares, text lang) to the planner input', async () => {
    const { planInputFromProfile } = await import('./profile-input.js');
    const input = planInputFromProfile('找出垃圾短信', {
      columns: [
        { name: 'v1', type: 'categorical', semantic: 'categorical', role: 'feature', reason: null, missingShare: 0, distinct: 2, examples: ['ham'], top: [{ value: 'ham' }, { value: 'spam' }], text: null },
        { name: 'v2', type: 'text', semantic: 'text', role: 'feature', reason: null, missingShare: 0, distinct: 5000, examples: ['Go until jurong'], top: [], text: { lang: 'en' } },
      ],
      target: { name: 'v1', task: 'binary', classes: [{ share: 0.87 }, { share: 0.13 }] },
    });
    expect(input.columns[0].examples).toEqual(['ham', 'spam']);
    expect(input.columns[1].lang).toBe('en');
    expect(input.minorityShare).toBe(0.13);
    const plan = offlinePlan(input);
    expect(plan.target).toBe('v1');
    expect(plan.text_columns).toEqual(['v2']);
    expect(plan.metric).toBe('macro_f1');
  });
});

describe('offlinePlan: a target that is not there, or not learnable', () => {
  const plan = (q: string, set: ColumnSet) => offlinePlan({ instruction: q, columns: set.columns, targetGuess: set.targetGuess, taskGuess: set.taskGuess, minorityShare: set.minorityShare });
  it("'predict churned' on data without such a column is an error listing the columns, not a plan on the profiler's guess", () => {
    for (const q of ['predict churned', 'predict churned, 3 seconds', 'Predict `y2` within 30 seconds', 'predict customer churn', '预测客户流失', 'predict the revenue of each store']) {
      expect(() => plan(q, titanic), q).toThrow(expect.objectContaining({ code: 'COLUMN_NOT_FOUND', details: expect.objectContaining({ choices: expect.arrayContaining(['Survived', 'Fare']) }) }));
    }
    // A descriptive object still falls back to the guess, with an assumption saying so.
    const p = plan('predict which passengers make it', titanic);
    expect(p.target).toBe('Survived');
    expect(plan('predict the outcome', titanic).target).toBe('Survived');
  });
  it("a missing column named as 'the foo column', 'foo 这一列', 'column foo' or by a target cue is an error too, not a plan on the guess", () => {
    const missing = [
      'predict the foo column, 3 seconds',
      '预测 foo 这一列，3秒',
      '预测foo这一列',
      'predict column foo',
      'predict the column named foo',
      "predict the column 'foo'",
      '预测列 foo',
      '目标列是 foo',
      '以 foo 为目标，3秒',
      'target column: foo',
      'use foo as the target',
    ];
    for (const q of missing) {
      expect(() => plan(q, titanic), q).toThrow(expect.objectContaining({ code: 'COLUMN_NOT_FOUND', details: expect.objectContaining({ value: 'foo', choices: expect.arrayContaining(['Survived', 'Fare']) }) }));
    }
    // The same phrasings with a real column plan on it; without a column word the object stays descriptive.
    for (const [q, target] of [['predict the Fare column', 'Fare'], ['预测 Age 这一列', 'Age'], ['预测列 Fare', 'Fare'], ['目标列是 Fare', 'Fare'], ['predict column age', 'Age'], ['预测列车晚点', 'Survived'], ['predict the weather', 'Survived']] as const) {
      expect(plan(q, titanic).target, q).toBe(target);
    }
  });
  it('an id-like column named as the target stays the target (the search then says why it cannot learn it)', () => {
    const p = plan('predict PassengerId', titanic);
    expect(p.target).toBe('PassengerId');
    expect(p.assumptions.join(' ')).toContain('looks like an identifier');
  });
});
