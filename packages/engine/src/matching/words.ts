/**
 * The word lists behind company-name matching. A Chinese registered name is, by the enterprise
 * name rules (企业名称登记管理规定), 行政区划 + 字号 + 行业 + 组织形式: "上海 阿克米 信息科技 有限公司".
 * The region may also sit after the brand, bare or bracketed ("阿克米（上海）信息科技有限公司").
 * Matching keeps the 字号 (brand) and the 行业 (trade) and drops the region and the legal form,
 * except where the region is what tells two names apart (see INSTITUTIONS, and a region followed
 * only by trade words).
 */

/** Legal forms, longest first among overlapping ones; stripped repeatedly from the end. */
export const CJK_FORMS = ['股份有限公司', '有限责任公司', '有限責任公司', '股份公司', '有限公司', '公司', '股份'];

/** A group names the parent: it never matches its members by short name (that is includeParent / family). */
export const CJK_GROUP_FORMS = ['控股集团', '集团', '集團', '控股'];

/** A branch is the same legal person as its company: "…有限公司上海分公司" is the company. */
export const CJK_BRANCHES = ['分公司', '分行', '支行', '分店', '办事处', '代表处', '营业部', '分部', '分厂'];

export const LATIN_FORMS = ['corporation', 'incorporated', 'company', 'limited', 'corp', 'gmbh', 'inc', 'llc', 'ltd', 'plc', 'co', 'ag', 'sa', 'pte', 'pty', 'bv', 'nv', 'kk'];
export const LATIN_GROUP_FORMS = ['holdings', 'holding', 'group'];
export const LATIN_BRANCHES = ['branch', 'representative office', 'office'];

/**
 * Names whose identity includes their place: banks, hospitals, universities, schools, brokers.
 * "上海银行" and "北京银行", "上海交通大学" and "西安交通大学" are different institutions, so a
 * name ending in one of these keeps its region and has no short name.
 */
export const CJK_INSTITUTIONS = [
  '银行', '农商行', '信用社', '证券', '保险', '信托', '期货', '基金', '医院', '卫生院', '诊所', '大学', '学院', '中学', '小学',
  '幼儿园', '学校', '研究院', '研究所', '电视台', '广播电台', '日报', '晚报', '报社', '图书馆', '博物馆', '政府', '委员会',
];
export const LATIN_INSTITUTIONS = ['bank', 'university', 'college', 'hospital', 'school', 'institute', 'academy', 'securities', 'insurance', 'clinic'];

/**
 * Trade words (行业): stripped to find the brand (字号) of a full name, and the reason a region is
 * kept when nothing else is left ("南京医药" and "南京药业" are two companies, not 医药 and 药业).
 * Longest first among overlapping ones.
 */
export const CJK_TRADES = [
  '房地产开发', '供应链管理', '人力资源', '电子商务', '信息科技', '信息技术', '网络科技', '网络技术', '数字科技', '数据科技', '智能科技',
  '电子科技', '生物科技', '生物技术', '医疗科技', '医疗器械', '软件技术', '文化传媒', '文化传播', '广告传媒', '国际贸易', '企业管理',
  '管理咨询', '商务咨询', '投资管理', '科技发展', '新材料', '新能源', '进出口', '供应链', '房地产',
  '科技', '技术', '信息', '网络', '软件', '数据', '数字', '智能', '通信', '通讯', '电子', '电气', '电器', '电力', '电网', '电信', '移动',
  '联通', '广电', '机电', '机械', '设备', '仪器', '仪表', '装备', '重工', '轻工', '汽车', '钢铁', '化工', '石化', '石油', '医药', '药业',
  '制药', '医疗', '健康', '生物', '建工', '建设', '建筑', '城建', '建材', '水泥', '地产', '置业', '物业', '物流', '快递', '运输', '交通',
  '航运', '港务', '航空', '机场', '地铁', '公交', '燃气', '水务', '能源', '光伏', '环保', '环境', '农业', '林业', '渔业', '牧业', '矿业',
  '煤业', '煤炭', '黄金', '有色', '材料', '食品', '粮油', '乳业', '啤酒', '烟草', '纺织', '服装', '服饰', '家具', '家居', '印刷', '包装',
  '造纸', '塑料', '橡胶', '贸易', '商贸', '外贸', '实业', '工业', '产业', '投资', '资本', '金融', '租赁', '担保', '咨询', '管理', '服务',
  '发展', '国际', '设计', '广告', '营销', '传媒', '文化', '旅游', '酒店', '餐饮', '教育', '培训', '百货', '商业', '超市', '工程', '装饰',
  '船舶', '物资', '城投', '国投', '水利', '制造', '商务',
];
export const LATIN_TRADES = [
  'technology', 'technologies', 'tech', 'information', 'software', 'network', 'networks', 'systems', 'system', 'solutions', 'services',
  'service', 'consulting', 'trading', 'trade', 'international', 'industrial', 'industries', 'industry', 'logistics', 'electronics',
  'electric', 'pharmaceutical', 'pharmaceuticals', 'pharma', 'media', 'digital', 'data', 'energy', 'capital', 'investment',
  'investments', 'management', 'global', 'enterprises', 'enterprise', 'development', 'manufacturing', 'engineering', 'materials',
  'import', 'export', 'ecommerce', 'commerce', 'partners', 'ventures',
];

/**
 * Places that decorate a company's name. Provinces and the main cities; a name is only ever
 * shortened by one of these, so an unlisted place is kept (a missed match, never a false one).
 */
export const CN_REGIONS = [
  '中国', '北京', '上海', '天津', '重庆', '广东', '广州', '深圳', '东莞', '佛山', '珠海', '中山', '惠州', '汕头', '浙江',
  '杭州', '宁波', '温州', '绍兴', '嘉兴', '金华', '台州', '江苏', '南京', '苏州', '无锡', '常州', '南通', '扬州', '徐州', '昆山', '四川',
  '成都', '湖北', '武汉', '湖南', '长沙', '山东', '济南', '青岛', '烟台', '潍坊', '福建', '福州', '厦门', '泉州', '河南', '郑州', '洛阳',
  '安徽', '合肥', '芜湖', '河北', '石家庄', '唐山', '保定', '陕西', '西安', '辽宁', '沈阳', '大连', '吉林', '长春', '黑龙江', '哈尔滨',
  '江西', '南昌', '广西', '南宁', '桂林', '云南', '昆明', '贵州', '贵阳', '山西', '太原', '内蒙古', '呼和浩特', '新疆', '乌鲁木齐',
  '甘肃', '兰州', '宁夏', '银川', '青海', '西宁', '西藏', '拉萨', '海南', '海口', '三亚', '香港', '澳门', '台湾',
];
/** Administrative endings after a place name: 上海市, 浙江省, 广西壮族自治区 (the longest first). */
export const CN_REGION_ENDINGS = ['壮族自治区', '回族自治区', '维吾尔自治区', '特别行政区', '自治区', '省', '市'];

export const LATIN_REGIONS = [
  'china', 'prc', 'beijing', 'shanghai', 'tianjin', 'chongqing', 'guangdong', 'guangzhou', 'shenzhen', 'dongguan', 'zhejiang', 'hangzhou',
  'ningbo', 'jiangsu', 'nanjing', 'suzhou', 'wuxi', 'sichuan', 'chengdu', 'hubei', 'wuhan', 'hunan', 'changsha', 'shandong', 'jinan',
  'qingdao', 'fujian', 'fuzhou', 'xiamen', 'henan', 'zhengzhou', 'anhui', 'hefei', 'xian', 'dalian', 'shenyang', 'hong kong', 'hongkong',
  'macau', 'taiwan',
];
