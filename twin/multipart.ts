import type { FastifyRequest } from 'fastify';

export interface MultipartFile {
  field: string;
  filename?: string;
  mimetype: string;
  data: Buffer;
}

export interface MultipartBody {
  fields: Record<string, string>;
  files: MultipartFile[];
}

/** Reads a whole multipart request (limits are set where @fastify/multipart is registered). */
export async function readMultipart(req: FastifyRequest): Promise<MultipartBody> {
  const body: MultipartBody = { fields: {}, files: [] };
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      body.files.push({ field: part.fieldname, filename: part.filename || undefined, mimetype: part.mimetype, data: await part.toBuffer() });
    } else if (typeof part.value === 'string') {
      body.fields[part.fieldname] = part.value;
    }
  }
  return body;
}
