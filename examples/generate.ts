/**
 * Writes the small example datasets askml ships (examples/*.csv). They are synthetic and
 * written by this script, seeded, so `npm run demo` and the smoke evals work offline on a
 * fresh clone:
 *   news-titles.csv   Chinese news headlines, 10 categories (the demo: 对新闻标题进行多类别分类)
 *   churn.csv         customers of a subscription service, binary target `churned`
 *   house-prices.csv  house sales, regression target `price`
 * Run: node --import tsx examples/generate.ts
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng, type Rng } from '../src/util/random.js';

const here = dirname(fileURLToPath(import.meta.url));

const NEWS: Record<string, { who: string[]; what: string[]; tail: string[] }> = {
  财经: {
    who: ['央行', '银保监会', '多家银行', '外汇局', '统计局', '财政部', '保险公司', '信托业', '基金公司', '民营企业'],
    what: ['下调存款准备金率', '发布一季度经济数据', '加大信贷投放', '人民币汇率小幅走高', '居民消费价格指数上涨', '发行地方专项债', '理财产品收益率下滑', '出口增速回落', '推进金融改革', '社会融资规模超预期'],
    tail: ['专家解读', '影响几何', '释放什么信号', '(图)', '分析师称', '或将持续'],
  },
  房产: {
    who: ['北京楼市', '上海二手房', '深圳新盘', '广州限购', '开发商', '杭州土地市场', '成都商品房', '房贷利率', '保障性住房', '住建部'],
    what: ['成交量环比上涨', '均价每平米突破五万', '推出特价房源', '首付比例调整', '楼盘开盘即售罄', '土地拍卖溢价率走低', '二套房贷款收紧', '租金连续三月下跌', '限购政策松动', '精装修交房纠纷增多'],
    tail: ['购房者观望', '业内人士称', '(组图)', '看房团出发', '户型曝光', '置业指南'],
  },
  股票: {
    who: ['沪指', '深成指', '创业板', '券商股', '银行板块', '北向资金', '主力资金', '科技股', '新股', '两市'],
    what: ['高开低走', '收涨百分之二', '放量突破三千点', '尾盘跳水', '净流入超百亿', '涨停潮再现', '缩量震荡', '午后强势拉升', '跌停股数量增加', '成交额创新高'],
    tail: ['机构看好后市', '操作策略', '明日展望', '个股点评', '(附名单)', '仓位建议'],
  },
  教育: {
    who: ['高考', '教育部', '考研', '中小学', '留学生', '大学生', '家长', '公务员考试', '英语四六级', '幼儿园'],
    what: ['报名人数再创新高', '作文题目公布', '取消重点班', '分数线划定', '减负新规出台', '就业率统计发布', '课外辅导机构整顿', '志愿填报指南', '学费上涨引关注', '双语教学试点'],
    tail: ['考生须知', '名师点拨', '备考攻略', '(全文)', '家长热议', '校长回应'],
  },
  科技: {
    who: ['苹果', '华为', '谷歌', '微软', '小米手机', '人工智能', '5G网络', '芯片厂商', '互联网公司', '新能源汽车'],
    what: ['发布新一代处理器', '推出折叠屏手机', '操作系统更新', '云计算业务增长', '发布开源大模型', '电池技术取得突破', '数据中心扩建', '自动驾驶路测', '量子计算新进展', '智能手表上市'],
    tail: ['评测', '参数曝光', '售价公布', '上手体验', '(图)', '开发者大会'],
  },
  社会: {
    who: ['男子', '女子', '小区居民', '外卖小哥', '老人', '村民', '消防员', '民警', '司机', '环卫工'],
    what: ['深夜救下落水儿童', '捡到钱包归还失主', '因邻里纠纷报警', '高速路上突发车祸', '街头晕倒路人相救', '暴雨中坚守岗位', '遭遇电信诈骗', '小区停车位引争议', '见义勇为获表彰', '楼道着火紧急疏散'],
    tail: ['(组图)', '警方通报', '目击者称', '视频', '网友点赞', '事发经过'],
  },
  时政: {
    who: ['国务院', '外交部', '全国人大', '总理', '联合国', '国家主席', '发言人', '政协委员', '中央政府', '两国元首'],
    what: ['召开常务会议', '举行双边会谈', '审议法律草案', '发表重要讲话', '回应记者提问', '签署合作协议', '部署改革任务', '出访欧洲多国', '会见外国代表团', '通过决议'],
    tail: ['(全文)', '新华社', '要点速览', '外交部回应', '视频', '权威发布'],
  },
  体育: {
    who: ['国足', '湖人', 'NBA', '中超', '女排', '世界杯', '奥运会', '詹姆斯', '皇马', '网球公开赛'],
    what: ['客场绝杀对手', '主教练下课', '夺得冠军', '遭遇三连败', '球员转会', '半决赛晋级', '打破世界纪录', '季后赛首轮', '点球大战取胜', '伤病名单公布'],
    tail: ['技术统计', '赛后采访', '(图)', '赛程', '比分直播', '球迷狂欢'],
  },
  游戏: {
    who: ['网游', '手游', '魔兽世界', '英雄联盟', '玩家', '新资料片', '游戏公司', '电竞战队', '单机大作', '网页游戏'],
    what: ['公测开启', '新版本上线', '副本攻略', '职业平衡调整', '封测激活码发放', '角色技能曝光', '服务器爆满', '装备掉落机制', '跨服战场开放', '赛季排位开始'],
    tail: ['玩法介绍', '截图', '(视频)', '攻略', '配置要求', '开发者访谈'],
  },
  娱乐: {
    who: ['周杰伦', '范冰冰', '刘德华', '选秀节目', '新片', '导演', '影后', '偶像团体', '综艺节目', '电视剧'],
    what: ['演唱会门票售罄', '票房破十亿', '公布恋情', '亮相红毯', '首映礼', '获最佳女主角', '新专辑发布', '片场花絮曝光', '收视率夺冠', '造型惊艳'],
    tail: ['(组图)', '粉丝尖叫', '独家专访', '幕后', '预告片', '八卦'],
  },
};

const RELATED: Record<string, string> = {
  财经: '股票', 股票: '财经', 房产: '财经', 教育: '社会', 科技: '游戏',
  社会: '时政', 时政: '社会', 体育: '娱乐', 游戏: '科技', 娱乐: '体育',
};

function pick<T>(a: readonly T[], rng: Rng): T {
  return a[rng.int(a.length)];
}

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function writeCsv(name: string, header: string[], rows: (string | number)[][]): void {
  const lines = [header.join(','), ...rows.map((r) => r.map(csvCell).join(','))];
  writeFileSync(join(here, name), lines.join('\n') + '\n', 'utf8');
}

export function newsTitles(perClass: number, seed: number): string[][] {
  const rng = createRng(seed);
  const rows: string[][] = [];
  const cats = Object.keys(NEWS);
  for (let i = 0; i < perClass; i++) {
    for (const c of cats) {
      const t = NEWS[c];
      // A little noise: sometimes borrow a tail from another category.
      // Noise, so the task is not trivial: tails from any category, and subjects from a related
      // one (finance and stocks share actors, as do games and tech, politics and society...).
      const tail = rng.next() < 0.3 ? pick(NEWS[pick(cats, rng)].tail, rng) : pick(t.tail, rng);
      const who = rng.next() < 0.3 ? pick(NEWS[RELATED[c]].who, rng) : pick(t.who, rng);
      const sep = rng.next() < 0.5 ? ' ' : '';
      rows.push([`${who}${pick(t.what, rng)}${sep}${tail}`, c]);
    }
  }
  // Shuffle rows deterministically.
  for (let i = rows.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return rows;
}

function churn(n: number, seed: number): (string | number)[][] {
  const rng = createRng(seed);
  const plans = ['basic', 'standard', 'premium'];
  const regions = ['north', 'south', 'east', 'west'];
  const rows: (string | number)[][] = [];
  for (let i = 0; i < n; i++) {
    const tenure = Math.floor(rng.next() * 72);
    const plan = pick(plans, rng);
    const monthly = Math.round((20 + plans.indexOf(plan) * 25 + rng.normal() * 8) * 100) / 100;
    const tickets = Math.floor(-Math.log(1 - rng.next()) * 1.5);
    const contract = rng.next() < 0.55 ? 'monthly' : rng.next() < 0.5 ? 'one_year' : 'two_year';
    const z = -1.2 + 0.6 * tickets - 0.04 * tenure + (contract === 'monthly' ? 1.3 : -0.6) + 0.01 * (monthly - 45) + rng.normal() * 0.5;
    const churned = rng.next() < 1 / (1 + Math.exp(-z)) ? 'yes' : 'no';
    const age = rng.next() < 0.05 ? '' : String(Math.round(18 + rng.next() * 60));
    rows.push([`C${String(100000 + i)}`, age, pick(regions, rng), plan, contract, tenure, monthly, tickets, churned]);
  }
  return rows;
}

function housePrices(n: number, seed: number): (string | number)[][] {
  const rng = createRng(seed);
  const districts = ['center', 'riverside', 'suburb', 'old_town', 'harbor'];
  const bonus = [180000, 120000, 20000, 90000, 140000];
  const rows: (string | number)[][] = [];
  for (let i = 0; i < n; i++) {
    const area = Math.round(40 + rng.next() * 160);
    const rooms = Math.max(1, Math.round(area / 35 + rng.normal() * 0.7));
    const d = rng.int(districts.length);
    const year = Math.round(1960 + rng.next() * 63);
    const garage = rng.next() < 0.4 ? 1 : 0;
    const price = Math.round(30000 + area * 2600 + rooms * 9000 + bonus[d] + (year - 1960) * 1500 + garage * 25000 + rng.normal() * 30000);
    const yearCell = rng.next() < 0.04 ? '' : year;
    rows.push([area, rooms, districts[d], yearCell, garage, price]);
  }
  return rows;
}

export function generateExamples(): void {
  writeCsv('news-titles.csv', ['title', 'category'], newsTitles(40, 7));
  writeCsv('churn.csv', ['customer_id', 'age', 'region', 'plan', 'contract', 'tenure_months', 'monthly_fee', 'support_tickets', 'churned'], churn(800, 11));
  writeCsv('house-prices.csv', ['area_m2', 'rooms', 'district', 'year_built', 'garage', 'price'], housePrices(600, 13));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) generateExamples();
