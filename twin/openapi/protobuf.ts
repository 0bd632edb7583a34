import protobuf from 'protobufjs';

// The subset of wx-server-sdk's openapi.proto the twin needs (field numbers from its generated code).
const root = protobuf.Root.fromJSON({
  nested: {
    KeyValuePair: {
      fields: {
        key: { type: 'string', id: 1 },
        value: { type: 'bytes', id: 2 },
        contenttype: { type: 'string', id: 3 },
        filename: { type: 'string', id: 4 },
      },
    },
    OpenApiData: { fields: { pairs: { rule: 'repeated', type: 'KeyValuePair', id: 1 } } },
    CommApiData: {
      fields: {
        apiType: { type: 'int32', id: 1 },
        openapiData: { type: 'OpenApiData', id: 2 },
        appid: { type: 'string', id: 6 },
      },
    },
    CommOpenApiResp: {
      fields: {
        respData: { type: 'bytes', id: 1 },
        contentType: { type: 'string', id: 2 },
        errorCode: { type: 'int32', id: 3 },
        httpCode: { type: 'uint32', id: 4 },
        svrkitErrorCode: { type: 'int32', id: 6 },
      },
    },
  },
});

const CommApiData = root.lookupType('CommApiData');
const CommOpenApiResp = root.lookupType('CommOpenApiResp');

export interface KeyValuePair {
  key: string;
  value: Buffer;
  contenttype?: string;
  filename?: string;
}

export interface DecodedApiData {
  apiType: number;
  pairs: KeyValuePair[];
  appid?: string;
}

/** Decodes the `requestData` part of a `wx.openApi` request. Throws on malformed bytes. */
export function decodeApiData(bytes: Uint8Array): DecodedApiData {
  const msg = CommApiData.toObject(CommApiData.decode(bytes), { defaults: true }) as {
    apiType: number;
    openapiData?: { pairs?: { key: string; value: Uint8Array; contenttype: string; filename: string }[] };
    appid: string;
  };
  const pairs = (msg.openapiData?.pairs ?? []).map((p) => ({
    key: p.key,
    value: Buffer.from(p.value),
    contenttype: p.contenttype || undefined,
    filename: p.filename || undefined,
  }));
  return { apiType: msg.apiType, pairs, appid: msg.appid || undefined };
}

export function encodeOpenApiResp(resp: { respData?: Buffer; contentType?: string; errorCode?: number; httpCode?: number }): Buffer {
  return Buffer.from(CommOpenApiResp.encode(CommOpenApiResp.create(resp)).finish());
}

/** Test helper (and documentation): how wx-server-sdk encodes a call. */
export function encodeApiData(data: DecodedApiData): Buffer {
  return Buffer.from(
    CommApiData.encode(CommApiData.create({ apiType: data.apiType, openapiData: { pairs: data.pairs }, appid: data.appid })).finish(),
  );
}

export function decodeOpenApiResp(bytes: Uint8Array): { respData: Buffer; contentType: string; errorCode: number } {
  const msg = CommOpenApiResp.toObject(CommOpenApiResp.decode(bytes), { defaults: true }) as {
    respData: Uint8Array;
    contentType: string;
    errorCode: number;
  };
  return { respData: Buffer.from(msg.respData), contentType: msg.contentType, errorCode: msg.errorCode };
}
