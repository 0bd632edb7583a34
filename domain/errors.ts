// Errors are values with codes: a stable code for programs, a Chinese sentence for people, the rule id where one applies.

export const ERROR_CATALOGUE = {
  ILLEGAL_TRANSITION: '当前状态下不能执行此操作',
  FORBIDDEN_ROLE: '您的角色无权执行此操作',
  OUT_OF_JURISDICTION: '该事项不在您的管辖范围内',
  STALE_VERSION: '已被他人处理，请刷新后重试',
  WHISTLE_BOUNDARY: '该事项不符合吹哨条件（M-3）',
  URGENT_NOT_ALLOWED: '该事项不在急哨清单内，不能吹急哨（M-13）',
  REASON_REQUIRED: '请填写理由',
  ALREADY_RATED: '该事项已评价，不能重复评价（M-21）',
  DEADLINE_NOT_REACHED: '时限未到，不能自动处理',
  VALIDATION: '填写的信息不完整或有误',
  NOT_FOUND: '未找到相关信息',
  COUNTY_INVALID: '县级配置数据有误',
  CONTENT_REJECTED: '内容未通过安全检查，请修改后再提交',
  CONTENT_PENDING: '照片正在审核，审核通过后才能上报',
  PHONE_CODE_INVALID: '手机号授权已失效，请重新点击按钮授权',
  PUSH_ONLY: '该消息只能由微信平台推送',
} as const;

export type DomainErrorCode = keyof typeof ERROR_CATALOGUE;

export interface DomainErrorValue {
  code: DomainErrorCode;
  message: string;
  rule?: string;
  details?: unknown;
}

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly rule?: string;
  readonly details?: unknown;

  constructor(code: DomainErrorCode, message?: string, opts: { rule?: string; details?: unknown } = {}) {
    super(message ?? ERROR_CATALOGUE[code]);
    this.name = 'DomainError';
    this.code = code;
    this.rule = opts.rule;
    this.details = opts.details;
    Object.setPrototypeOf(this, DomainError.prototype); // instanceof survives down-levelled builds
  }

  toJSON(): DomainErrorValue {
    const value: DomainErrorValue = { code: this.code, message: this.message };
    if (this.rule) value.rule = this.rule;
    if (this.details !== undefined) value.details = this.details;
    return value;
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError || (typeof err === 'object' && err !== null && (err as { name?: string }).name === 'DomainError');
}
