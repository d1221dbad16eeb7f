/**
 * Header names and values CRMs use, Chinese and English, for guessMapping. Compared after
 * `headerKey` (width-folded, lower case, without spaces, _ - – — . , / : # and brackets).
 */
export function headerKey(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-–—.,/()（）[\]【】:：#]/g, '');
}

/** A nested JSON field's own name, its path's last part (properties.createdate → createdate); any other header as it is. */
export function ownName(header: string): string {
  return /^[^.]+(\.[^.]+)+$/.test(header) ? header.slice(header.lastIndexOf('.') + 1) : header;
}

type Synonyms = Record<string, readonly string[]>;

export const LEAD_ID = [
  '线索编号',
  '线索id',
  '线索号',
  '线索编码',
  '线索标识',
  '线索单号',
  'leadid',
  'prospectid',
  'leadnumber',
  'leadno',
  'id',
  '编号',
  'recordid',
  // SugarCRM / Dynamics "Record Number".
  'recordnumber',
  'recordno',
];
const CREATED = [
  '创建时间',
  '创建日期',
  '录入时间',
  '录入日期',
  '线索创建时间',
  '提交时间',
  'created',
  'createddate',
  'createdat',
  'createdtime',
  'createdon',
  'creationdate',
  'datecreated',
  // HubSpot's "Create Date", Zoho's "Created Time", Pipedrive's "Lead created" / "Add time", web forms' "Date Added".
  'createdate',
  'createtime',
  'creationtime',
  'leadcreated',
  'leadcreatedate',
  'leadcreateddate',
  'addtime',
  'dateadded',
  'addedon',
  // SugarCRM / SuiteCRM "Date Entered".
  'dateentered',
  'entereddate',
  'enteredon',
  // 新建/建档/登记: entered in the CRM; 入库: entered its pool; 留资: when the prospect left their details.
  '新建时间',
  '建档时间',
  '登记时间',
  '入库时间',
  '留资时间',
];

export const LEAD_ROLES: Synonyms = {
  id: LEAD_ID,
  createdAt: CREATED,
  owner: [
    '负责人',
    '所有者',
    '线索负责人',
    '归属人',
    '销售',
    '销售人员',
    '业务员',
    '跟进人',
    '客户经理',
    'owner',
    'leadowner',
    'ownername',
    'contactowner',
    'recordowner',
    'dealowner',
    '所属销售',
    '归属销售',
    '负责销售',
    'assignedto',
    'salesrep',
    'rep',
  ],
  team: ['所属部门', '部门', '团队', '所属团队', '销售团队', '小组', 'team', 'department', 'dept', 'salesteam', 'ownerteam'],
  outcome: [
    '状态',
    '阶段',
    '线索状态',
    '跟进状态',
    '结果',
    '商机状态',
    '线索阶段',
    '销售阶段',
    '成交状态',
    'status',
    'stage',
    'leadstatus',
    'outcome',
    'result',
    'lifecyclestage',
    'dealstage',
  ],
  closedAt: [
    '成交时间',
    '成交日期',
    '关闭时间',
    '关闭日期',
    '赢单时间',
    '赢单日期',
    '签约时间',
    '签约日期',
    '转化时间',
    '转化日期',
    'closedate',
    'closeddate',
    'closedat',
    'closedon',
    'wondate',
    'wonat',
    'convertedat',
    'converteddate',
    'convertedon',
    'conversiondate',
    'dateconverted',
    // 完成/结单: the deal done (in a leads file; an activity's own time is its `at`).
    '完成时间',
    '完成日期',
    '结单时间',
    'completeddate',
    'completedat',
  ],
  amount: [
    '成交金额',
    '金额',
    '成交额',
    '合同金额',
    '签约金额',
    '订单金额',
    '预计金额',
    '销售额',
    'amount',
    'dealamount',
    'dealvalue',
    'value',
    'revenue',
    'dealsize',
    'opportunityamount',
  ],
};

/** Attribute keys with their header names and the type they are read as. */
export const ATTRIBUTES: Record<string, { names: readonly string[]; type: 'string' | 'number' | 'boolean' }> = {
  source: { names: ['来源', '线索来源', '渠道', '来源渠道', '获客渠道', '线索渠道', 'source', 'leadsource', 'originalsource', 'channel'], type: 'string' },
  industry: { names: ['行业', '所属行业', 'industry'], type: 'string' },
  region: { names: ['区域', '省份', '地区', '大区', '所在地区', 'region', 'province', 'state', 'territory', 'area'], type: 'string' },
  city: { names: ['城市', '所在城市', 'city'], type: 'string' },
  grade: { names: ['等级', '线索等级', '级别', '评级', '客户等级', 'grade', 'rating', 'leadgrade'], type: 'string' },
  employees: { names: ['员工数', '员工人数', '公司规模', '人数', 'employees', 'employeecount', 'numberofemployees', 'headcount'], type: 'number' },
  score: { names: ['评分', '分数', '线索评分', 'score', 'leadscore'], type: 'number' },
  company: { names: ['公司', '公司名称', '客户名称', '企业名称', '客户', 'company', 'companyname', 'account', 'accountname'], type: 'string' },
  email: { names: ['邮箱', '电子邮件', '邮件', 'email', 'emailaddress'], type: 'string' },
  phone: { names: ['电话', '手机', '手机号', '联系电话', 'phone', 'mobile', 'phonenumber'], type: 'string' },
  product: { names: ['产品', '意向产品', 'product', 'productinterest'], type: 'string' },
};

export const ACTIVITY_ROLES: Synonyms = {
  leadId: LEAD_ID,
  at: ['跟进时间', '活动时间', '跟进日期', '联系时间', '时间', '日期', 'activitydate', 'activitytime', 'date', 'time', 'at', 'timestamp', 'when'],
  rep: ['跟进人', '执行人', '负责人', '销售', '业务员', 'rep', 'user', 'owner', 'by', 'assignedto', 'performedby'],
  type: [
    '跟进方式',
    '跟进类型',
    '活动类型',
    '活动',
    '类型',
    '方式',
    '联系方式',
    'type',
    'activitytype',
    'activity',
    'activityname',
    'eventtype',
    'event',
    'action',
    'kind',
    'channel',
  ],
};

export const STAGE_ROLES: Synonyms = {
  leadId: LEAD_ID,
  at: ['变更时间', '阶段变更时间', '时间', '日期', 'changedat', 'changedate', 'date', 'time', 'at', 'timestamp'],
  stage: ['阶段', '新阶段', '变更后阶段', '状态', 'stage', 'newstage', 'tostage', 'status'],
};

export const ROSTER_ROLES: Synonyms = {
  id: [
    '工号',
    '员工编号',
    '销售编号',
    '人员编号',
    '编号',
    '用户名',
    '账号',
    'id',
    'repid',
    'userid',
    'employeeid',
    'username',
    'login',
    'salesrep',
    'salesperson',
  ],
  name: ['姓名', '名字', '销售', '员工姓名', 'name', 'fullname', 'repname'],
  team: ['所属部门', '部门', '团队', '所属团队', '小组', '分组', '组别', '事业部', 'team', 'department', 'dept', 'division', 'salesteam'],
  roles: ['角色', '职能', '岗位', '职能标签', 'role', 'roles', 'position', 'jobrole'],
  weight: ['权重', '分配权重', 'weight', 'routingweight'],
  cap: ['持有上限', '最大持有量', '线索上限', '上限', '容量', 'cap', 'capacity', 'maxleads', 'maxopenleads'],
  dailyCap: ['每日上限', '日上限', '每日分配上限', '每天上限', 'dailycap', 'dailylimit', 'perday', 'leadsperday'],
  active: ['在职状态', '是否在职', '在职', '状态', '启用', 'active', 'status', 'enabled', 'isactive'],
};
