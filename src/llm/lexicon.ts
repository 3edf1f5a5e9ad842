/**
 * Bilingual column lexicon: concepts a user may name in Chinese or English words that are not the
 * column's name ("票价" -> fare, "gender" -> sex, "垃圾邮件" -> a label column holding spam/ham).
 * A concept matches a column when the column's normalised name is one of `names` (or, for names of
 * 4+ letters, contains one), or when the column's example values include one of `values`.
 * Order of `names` is preference order when several columns match one phrase.
 */
export interface Concept {
  id: string;
  /** Chinese phrases (substring match in the instruction). */
  zh: string[];
  /** English words/phrases (word match, plural-tolerant). */
  en: string[];
  /** Normalised column names (lowercase, letters and digits only). */
  names: string[];
  /** Example values that identify the column (lowercase). */
  values?: string[];
  /** Usually the thing being predicted: preferred target when no cue says otherwise. */
  targetish?: boolean;
  /** Match column names exactly only ("housing" must not match housing_median_age). */
  exact?: boolean;
}

export const LEXICON: readonly Concept[] = [
  // Titanic-like
  { id: 'survived', zh: ['是否生还', '生还', '存活', '幸存', '活下来', '活了下来', '获救', '遇难', '死亡', '活着'], en: ['survived', 'survive', 'survives', 'survival', 'survivor', 'survivors', 'lived', 'died', 'alive'], names: ['survived', 'survival', 'survive', 'alive', 'issurvived'], targetish: true },
  { id: 'fare', zh: ['票价', '船票价格', '船票钱', '票钱', '乘船费用', '船费', '车费', '付了多少钱', '花了多少钱'], en: ['ticket price', 'ticket fare', 'ticket cost', 'fare', 'fares', 'fare paid'], names: ['fare', 'ticketprice', 'farepaid'] },
  { id: 'age', zh: ['年龄', '岁数', '年纪'], en: ['age', 'how old'], names: ['age'] },
  { id: 'sex', zh: ['性别', '男女'], en: ['gender', 'sex'], names: ['sex', 'gender'] },
  { id: 'pclass', zh: ['舱位等级', '舱等', '船舱等级', '客舱等级', '舱位级别', '舱位', '票等级', '等舱', '座位等级'], en: ['passenger class', 'ticket class', 'travel class', 'cabin class', 'class of travel'], names: ['pclass', 'passengerclass', 'ticketclass', 'cabin', 'class'] },
  { id: 'cabin', zh: ['舱号', '客舱号', '船舱号', '房间号', '客舱', '船舱'], en: ['cabin number', 'cabin'], names: ['cabin', 'cabinnumber'] },
  { id: 'embarked', zh: ['登船港口', '登船地点', '登船口岸', '出发港', '港口', '登船', '上船'], en: ['port of embarkation', 'embarkation', 'port', 'embark', 'boarded', 'boarding port'], names: ['embarked', 'port'] },
  { id: 'sibsp', zh: ['兄弟姐妹', '配偶'], en: ['siblings', 'spouses'], names: ['sibsp'] },
  { id: 'parch', zh: ['父母子女', '父母', '子女'], en: ['parents', 'children'], names: ['parch'] },
  { id: 'name', zh: ['姓名', '名字', '乘客姓名', '名称'], en: ['names', 'name'], names: ['name', 'fullname', 'passengername'] },
  { id: 'ticket', zh: ['船票号', '票号', '船票编号', '票据号', '船票'], en: ['ticket number', 'ticket', 'tickets'], names: ['ticket', 'ticketno', 'ticketnumber'] },
  { id: 'id', zh: ['乘客编号', '客户编号', '编号', '序号', '客户id', '用户id'], en: ['identifier', 'id column', 'row id'], names: ['id', 'passengerid', 'customerid', 'userid', 'rowid', 'index'] },
  // Prices and diamonds
  { id: 'price', zh: ['价格', '价钱', '售价', '房价', '总价', '单价', '房屋价格', '定价', '价位', '多少钱', '卖多少', '值多少', '成交价', '标价'], en: ['price', 'prices', 'cost', 'costs', 'how much', 'worth', 'expensive', 'pricey', 'pricing', 'sale price', 'selling price', 'pay', 'pays', 'paid', 'paying'], names: ['price', 'saleprice', 'sellingprice', 'medianhousevalue', 'cost', 'value', 'fare'], targetish: true },
  { id: 'carat', zh: ['克拉', '重量'], en: ['carat', 'carats', 'weight', 'how heavy', 'heavy'], names: ['carat', 'weight'] },
  { id: 'cut', zh: ['切工', '切割'], en: ['cut quality'], names: ['cut'] },
  { id: 'color', zh: ['颜色', '色级'], en: ['colour', 'color'], names: ['color', 'colour'] },
  { id: 'clarity', zh: ['净度', '纯净度'], en: ['clarity'], names: ['clarity'] },
  { id: 'depth', zh: ['深度'], en: ['depth'], names: ['depth'] },
  { id: 'table', zh: ['台面', '台宽'], en: ['table width'], names: ['table'] },
  // News and text
  { id: 'title', zh: ['新闻标题', '邮件标题', '邮件主题', '主题行', '标题', '题目', '头条'], en: ['headline', 'headlines', 'title', 'titles', 'subject line', 'email subject'], names: ['title', 'headline', 'newstitle', 'subject', 'subjectline', 'emailsubject'] },
  { id: 'category', zh: ['新闻类别', '类别', '类型', '种类', '栏目', '频道', '主题', '板块', '所属分类', '的分类', '分类标签'], en: ['category', 'categories', 'topic', 'topics', 'section', 'genre', 'class label'], names: ['category', 'topic', 'label', 'class', 'type', 'genre', 'section', 'channel'], targetish: true },
  { id: 'text', zh: ['正文', '内容', '文本', '短信内容', '邮件内容', '评论', '文字', '消息'], en: ['text', 'content', 'body', 'message', 'messages', 'review', 'reviews', 'comment', 'comments'], names: ['text', 'content', 'body', 'message', 'sms', 'review', 'comment', 'email'] },
  { id: 'spam', zh: ['垃圾邮件', '垃圾短信', '垃圾信息', '骚扰短信', '是不是垃圾'], en: ['spam', 'junk mail'], names: ['spam', 'isspam', 'label', 'class'], values: ['spam', 'ham', '垃圾'], targetish: true },
  { id: 'label', zh: ['标签', '标注'], en: ['label', 'labels'], names: ['label', 'target', 'y', 'class'], targetish: true },
  { id: 'sentiment', zh: ['情感', '情绪', '正负面', '好评差评', '好评还是差评', '褒贬'], en: ['sentiment', 'polarity'], names: ['sentiment', 'polarity', 'label'], values: ['positive', 'negative', 'pos', 'neg', '正面', '负面'], targetish: true },
  // Churn
  { id: 'churn', zh: ['客户流失', '流失', '退订', '离网', '解约', '流失率', '会不会走', '离开'], en: ['churn', 'churns', 'churned', 'churning', 'attrition', 'leave', 'leaves', 'cancel', 'exited'], names: ['churn', 'churned', 'exited', 'attrition', 'ischurn', 'left'], targetish: true },
  { id: 'tenure', zh: ['在网时长', '入网时长', '使用时长', '在网月数', '客户时长'], en: ['tenure'], names: ['tenure'] },
  { id: 'monthly_charges', zh: ['月费', '月消费', '每月费用', '月租', '月度费用'], en: ['monthly charges', 'monthly charge', 'monthly fee', 'monthly bill'], names: ['monthlycharges', 'monthlycharge', 'monthlyfee'] },
  { id: 'total_charges', zh: ['总费用', '总消费', '累计费用', '总花费'], en: ['total charges', 'total charge', 'total spend'], names: ['totalcharges', 'totalcharge'] },
  { id: 'contract', zh: ['合同类型', '合约', '合同'], en: ['contract'], names: ['contract', 'contracttype'] },
  { id: 'source', zh: ['来源', '出处', '媒体', '发布方', '信源'], en: ['source', 'publisher', 'outlet'], names: ['source', 'publisher', 'media', 'outlet'] },
  { id: 'length', zh: ['长度', '字数', '字符数'], en: ['length', 'word count'], names: ['length', 'len', 'textlength', 'numchars', 'wordcount'] },
  // General
  { id: 'income', zh: ['收入', '工资', '薪水', '薪资'], en: ['income', 'salary', 'wage', 'earnings'], names: ['income', 'salary', 'wage'], targetish: true },
  { id: 'quality', zh: ['质量', '品质'], en: ['quality'], names: ['quality'], targetish: true },
  { id: 'rating', zh: ['评分', '打分', '星级', '几星', '几颗星', '星数', '打了几星'], en: ['rating', 'score', 'stars'], names: ['rating', 'score', 'stars'], targetish: true },
  { id: 'date', zh: ['发布日期', '发布时间', '日期', '时间'], en: ['date', 'timestamp'], names: ['date', 'time', 'datetime', 'timestamp'] },
  { id: 'sales', zh: ['销量', '销售额', '销售量'], en: ['sales', 'revenue'], names: ['sales', 'revenue', 'units'], targetish: true },
  { id: 'area', zh: ['面积'], en: ['area', 'square feet', 'floor space'], names: ['area', 'sqft', 'size', 'livingarea'] },
  { id: 'city', zh: ['城市', '地区', '区域'], en: ['city', 'region'], names: ['city', 'region', 'district'] },
  { id: 'support_tickets', zh: ['客服工单', '支持工单', '服务工单', '工单数', '工单'], en: ['support tickets', 'support requests', 'service tickets', 'service calls'], names: ['supporttickets', 'numsupporttickets', 'supportrequests', 'servicetickets', 'servicecalls', 'customerservicecalls'] },
  { id: 'plan', zh: ['资费套餐', '套餐', '资费'], en: ['subscription plan', 'tariff', 'plan type'], names: ['plan', 'tariff', 'subscription', 'plantype'] },
  { id: 'rooms', zh: ['房间数量', '房间数', '房间个数', '几个房间', '几室', '卧室数'], en: ['number of rooms', 'room count', 'rooms'], names: ['rooms', 'numrooms', 'roomcount', 'bedrooms'] },
  { id: 'garage', zh: ['有没有车库', '是否有车库', '车库'], en: ['garage'], names: ['garage', 'hasgarage', 'garagecars'] },
  { id: 'fraud', zh: ['欺诈', '盗刷', '诈骗'], en: ['fraud', 'fraudulent'], names: ['fraud', 'isfraud', 'class'], targetish: true },
  { id: 'default', zh: ['违约', '逾期'], en: ['default', 'defaults'], names: ['default', 'isdefault', 'defaulted'], targetish: true },
  { id: 'species', zh: ['品种', '物种', '种属'], en: ['species', 'variety'], names: ['species', 'variety'], targetish: true },
  // People, households and loans
  { id: 'marital', zh: ['婚姻状况', '婚姻状态', '婚姻情况', '婚姻', '婚否', '是否已婚'], en: ['marital status', 'marital', 'marriage', 'married'], names: ['marital', 'maritalstatus', 'married', 'marriage'] },
  { id: 'home', zh: ['住房情况', '住房状况', '住房类型', '住房', '居住情况', '居住状况', '房产情况', '有无房产', '房产'], en: ['home ownership', 'homeownership', 'housing status', 'housing situation', 'housing', 'home', 'homeowner'], names: ['home', 'homeownership', 'housing', 'housingstatus', 'residence', 'ownhome'], exact: true },
  { id: 'job', zh: ['职业', '工作类型'], en: ['job', 'occupation', 'employment'], names: ['job', 'occupation', 'employment', 'jobtype'] },
  { id: 'education', zh: ['学历', '教育程度', '受教育程度', '文化程度'], en: ['education'], names: ['education', 'educationlevel', 'degree'] },
  { id: 'debt', zh: ['负债', '债务', '欠款'], en: ['debt', 'debts', 'liabilities'], names: ['debt', 'liabilities'] },
  { id: 'assets', zh: ['资产', '财产'], en: ['assets', 'wealth'], names: ['assets', 'wealth'] },
  { id: 'expenses', zh: ['支出', '开销', '开支', '花销'], en: ['expenses', 'expenditure', 'spending'], names: ['expenses', 'expenditure', 'spending'] },
  { id: 'year', zh: ['年份', '年度', '哪一年', '年代'], en: ['year', 'years'], names: ['year', 'yr', 'years'] },
  // Body and nature
  { id: 'bmi', zh: ['身体质量指数', '体质指数', '体重指数'], en: ['body mass index', 'body-mass index'], names: ['bmi', 'bodymassindex'] },
  { id: 'blood_pressure', zh: ['血压'], en: ['blood pressure'], names: ['bp', 'bloodpressure'] },
  { id: 'weight', zh: ['体重', '重量', '有多重', '多重'], en: ['body mass', 'body weight', 'weight', 'mass', 'how heavy', 'heavy'], names: ['weight', 'mass', 'bodymass', 'bodyweight', 'wt'] },
  { id: 'height', zh: ['身高', '高度', '有多高'], en: ['height', 'how tall', 'tall'], names: ['height', 'ht'] },
  { id: 'island', zh: ['岛屿', '岛'], en: ['island', 'islands', 'isle'], names: ['island', 'isle'] },
  { id: 'diagnosis', zh: ['诊断', '良性', '恶性', '患病'], en: ['diagnosis', 'malignant', 'benign'], names: ['diagnosis', 'disease'], targetish: true },
];

/** Lowercase, letters (any script) and digits only: "Monthly_Charges" -> "monthlycharges". */
export function normName(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Whether column `name` (normalised) matches the concept by name. */
export function conceptMatchesName(concept: Concept, normalised: string): number {
  const i = concept.names.indexOf(normalised);
  if (i >= 0) return i;
  for (let k = 0; k < concept.names.length && !concept.exact; k++) {
    const alias = concept.names[k];
    if (alias.length >= 4 && normalised.length > alias.length && normalised.includes(alias)) return concept.names.length + k;
  }
  if (zhNames(concept).has(normalised)) return 0;
  return -1;
}

const zhCache = new WeakMap<Concept, Set<string>>();
function zhNames(concept: Concept): Set<string> {
  let set = zhCache.get(concept);
  if (!set) {
    set = new Set(concept.zh.map(normName));
    zhCache.set(concept, set);
  }
  return set;
}
