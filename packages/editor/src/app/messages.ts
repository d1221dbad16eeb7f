export const namespace = 'app';

export const en = {
  brand: 'Sluice',
  skipToContent: 'Skip to content',
  nav: {
    label: 'Main',
    policies: 'Policies',
    decisions: 'Decisions',
    roster: 'Roster',
    simulations: 'Simulations',
    models: 'Smart score',
    admin: 'Admin',
  },
  language: {
    label: 'Language',
    zh: '中文',
    en: 'English',
  },
  account: {
    signedInAs: 'Signed in as {{email}} ({{role}}) in {{tenant}}',
    signOut: 'Sign out',
  },
  roles: {
    viewer: 'viewer',
    editor: 'editor',
    publisher: 'publisher',
    admin: 'admin',
  },
  loading: 'Loading…',
  notFound: {
    title: 'Page not found',
    body: 'There is nothing at {{path}}.',
    back: 'Back to policies',
  },
  notBuilt: {
    title: 'Not available yet',
    body: 'This screen is not part of this build.',
  },
  forbidden: {
    title: 'Not allowed',
    body: 'Your role ({{role}}) cannot open this page. Ask an admin if you need it.',
  },
  failed: {
    title: 'Something went wrong',
    body: 'This screen could not be shown: {{message}}',
    reload: 'Reload',
  },
  problem: {
    network: 'The server could not be reached. Check the connection and try again.',
    unknown: 'Unexpected error ({{status}})',
  },
};

export const zh: typeof en = {
  brand: 'Sluice',
  skipToContent: '跳到主要内容',
  nav: {
    label: '主导航',
    policies: '策略',
    decisions: '决策记录',
    roster: '名册',
    simulations: '模拟',
    models: '智能评分',
    admin: '管理',
  },
  language: {
    label: '语言',
    zh: '中文',
    en: 'English',
  },
  account: {
    signedInAs: '已登录：{{email}}（{{role}}），租户 {{tenant}}',
    signOut: '退出登录',
  },
  roles: {
    viewer: '查看者',
    editor: '编辑者',
    publisher: '发布者',
    admin: '管理员',
  },
  loading: '加载中…',
  notFound: {
    title: '页面不存在',
    body: '{{path}} 没有内容。',
    back: '返回策略列表',
  },
  notBuilt: {
    title: '暂不可用',
    body: '此版本尚未包含这个页面。',
  },
  forbidden: {
    title: '无权访问',
    body: '你的角色（{{role}}）不能打开此页面。如需访问，请联系管理员。',
  },
  failed: {
    title: '出错了',
    body: '无法显示此页面：{{message}}',
    reload: '重新加载',
  },
  problem: {
    network: '无法连接服务器，请检查网络后重试。',
    unknown: '意外错误（{{status}}）',
  },
};
