// Independent C2PA check of files, for FakeLens tests.
// Usage: node check.mjs [--trust-anchors ca.pem] <file...>   (ca.pem: PEM bundle of trust anchors)
// Prints one JSON line per file:
//   {"file", "format", "c2paWasm": {state, success[], failure[], informational[], error?},
//    "c2paTs": {valid, success[], failure[], error?}}
// c2pa-wasm is c2pa-rs compiled to WebAssembly; c2pa-ts (TrustNXT) is an independent TypeScript implementation.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { initSync, WasmReader } from '@contentauth/c2pa-wasm';
import { JPEG, PNG, BMFF } from '@trustnxt/c2pa-ts/asset';
import { SuperBox } from '@trustnxt/c2pa-ts/jumbf';
import { ManifestStore, ValidationResult } from '@trustnxt/c2pa-ts/manifest';

const require = createRequire(import.meta.url);
initSync({ module: readFileSync(require.resolve('@contentauth/c2pa-wasm/c2pa.wasm')) });

const args = process.argv.slice(2);
let anchors = null;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--trust-anchors') anchors = readFileSync(args[++i], 'utf8');
  else files.push(args[i]);
}

// The context JSON is c2pa-rs's settings object itself (not wrapped in {settings: ...}): trust is checked;
// without anchors a valid manifest reports signingCredential.untrusted, with anchors that chain it is "trusted".
const settings = { verify: { verify_trust: true } };
if (anchors) settings.trust = { trust_anchors: anchors };
const contextJson = JSON.stringify(settings);

function mimeOf(file, bytes) {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes[0] === 0x89 && bytes[1] === 0x50) return 'image/png';
  const tag = (o) => String.fromCharCode(...bytes.subarray(o, o + 4));
  if (tag(4) === 'ftyp') return tag(8) === 'qt  ' ? 'video/quicktime' : 'video/mp4';
  if (tag(0) === 'RIFF') return { WAVE: 'audio/wav', WEBP: 'image/webp', 'AVI ': 'video/avi' }[tag(8)] ?? 'application/octet-stream';
  const ext = path.extname(file).toLowerCase();
  return { '.mp4': 'video/mp4', '.wav': 'audio/wav', '.mp3': 'audio/mpeg', '.webp': 'image/webp' }[ext] ?? 'application/octet-stream';
}

const codes = (list) => (list ?? []).map((s) => s.code);

async function checkWasm(mime, bytes) {
  let reader;
  try {
    reader = await WasmReader.fromBytes(mime, bytes, contextJson);
  } catch (e) {
    return { state: 'error', error: String(e?.message ?? e) };
  }
  try {
    const store = JSON.parse(reader.json());
    const active = store.validation_results?.activeManifest ?? {};
    return {
      state: (store.validation_state ?? 'unknown').toLowerCase(),
      success: codes(active.success),
      failure: codes(active.failure),
      informational: codes(active.informational),
      activeManifest: store.active_manifest ?? null,
      status: codes(store.validation_status),
    };
  } finally {
    reader.free();
  }
}

async function checkTs(bytes) {
  let asset;
  try {
    if (JPEG.canRead(bytes)) asset = new JPEG(bytes);
    else if (PNG.canRead(bytes)) asset = new PNG(bytes);
    else if (BMFF.canRead(bytes)) asset = new BMFF(bytes);
    else return { valid: false, error: 'unsupported format' };
    const jumbf = asset.getManifestJUMBF();
    if (!jumbf) return { valid: false, error: 'no manifest' };
    let result;
    try {
      const store = ManifestStore.read(SuperBox.fromBuffer(jumbf));
      result = await store.validate(asset);
    } catch (e) {
      result = ValidationResult.fromError(e);
    }
    return {
      valid: result.isValid,
      success: result.statusEntries.filter((e) => e.success).map((e) => e.code),
      failure: result.statusEntries.filter((e) => !e.success).map((e) => e.code),
      explanations: result.statusEntries.filter((e) => !e.success).map((e) => e.explanation ?? ''),
    };
  } catch (e) {
    return { valid: false, error: String(e?.message ?? e) };
  }
}

for (const file of files) {
  const bytes = new Uint8Array(readFileSync(file));
  const mime = mimeOf(file, bytes);
  const out = { file, format: mime, c2paWasm: await checkWasm(mime, bytes), c2paTs: await checkTs(bytes) };
  process.stdout.write(JSON.stringify(out) + '\n');
}
