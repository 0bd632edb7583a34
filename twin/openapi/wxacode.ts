import QRCode from 'qrcode';
import { z } from 'zod';
import { check } from '../validation';
import { wxError, type OpenApiHandler } from './types';

// Characters WeChat allows in a scene: digits, letters and !#$&'()*+,/:;=?@-._~
const SCENE_CHARS = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]+$/;
const Color = z.object({ r: z.coerce.number().int().min(0).max(255), g: z.coerce.number().int().min(0).max(255), b: z.coerce.number().int().min(0).max(255) });

const Params = z
  .object({
    scene: z.union([z.string(), z.number()]).optional(),
    page: z.string().optional(),
    check_path: z.boolean().optional(),
    env_version: z.string().optional(),
    width: z.coerce.number().optional(),
    auto_color: z.boolean().optional(),
    line_color: Color.optional(),
    is_hyaline: z.boolean().optional(),
  })
  .passthrough();

const hex = (n: number) => n.toString(16).padStart(2, '0');

/**
 * `wxacode.getUnlimited`: the twin draws a plain QR code (not a sun code) whose text is the scene,
 * so tests and the H5 client can scan it back.
 */
export const getUnlimited: OpenApiHandler = async (call) => {
  const p = check(Params, call.params);
  if (!p.ok) return wxError(40097, `invalid args: ${p.message}`);
  const { page, env_version, line_color, auto_color, is_hyaline } = p.value;
  const scene = p.value.scene === undefined ? '' : String(p.value.scene);
  if (scene.length === 0 || scene.length > 32) return wxError(40169, 'invalid length for scene: 1 to 32 visible characters');
  if (!SCENE_CHARS.test(scene)) return wxError(40129, 'invalid scene: only digits, letters and !#$&\'()*+,/:;=?@-._~ are allowed');
  if (page !== undefined && (page.startsWith('/') || page.includes('?'))) {
    return wxError(41030, 'invalid page: no leading "/" and no query string (put parameters in scene)');
  }
  if (env_version !== undefined && !['release', 'trial', 'develop'].includes(env_version)) {
    return wxError(40097, 'invalid args: env_version must be release, trial or develop');
  }
  // WeChat clamps the width to 280–1280 px (default 430).
  const width = Math.min(Math.max(Math.round(p.value.width ?? 430), 280), 1280);
  const dark = auto_color !== true && line_color ? `#${hex(line_color.r)}${hex(line_color.g)}${hex(line_color.b)}ff` : '#000000ff';
  const light = is_hyaline ? '#00000000' : '#ffffffff';
  const png = await QRCode.toBuffer(scene, { type: 'png', width, margin: 2, errorCorrectionLevel: 'M', color: { dark, light } });
  return { kind: 'buffer', contentType: 'image/png', data: png };
};
