#!/usr/bin/env python3
"""Builds the seed corpus of every fuzz target (small inputs: afl++ works best on files under ~10 KiB).

Usage: fuzz/seeds.py OUT_DIR HARNESS_DLL
Seeds come from ../shared/data (FAKELENS_DATA) cut down to small pieces, and from files made here with ffmpeg,
cjpeg/jpegtran and ImageMagick, the way the tests make theirs. Rebuilding gives the same corpus up to encoder versions.
"""
import os, struct, subprocess, sys, zlib, pathlib, shutil, tempfile

out = pathlib.Path(sys.argv[1]); harness = sys.argv[2]
root = pathlib.Path(__file__).resolve().parent.parent
data = pathlib.Path(os.environ.get("FAKELENS_DATA", root.parent / "shared" / "data"))
tmp = pathlib.Path(tempfile.mkdtemp(prefix="fakelens-seeds-"))

def run(*cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)

def put(target, name, blob):
    d = out / target; d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(blob)

def ff(name, *args):
    p = tmp / name
    run("ffmpeg", "-y", "-loglevel", "error", *args, str(p))
    return p.read_bytes()

# --- images made here
ppm = tmp / "t.ppm"
run("ffmpeg", "-y", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=32x24:rate=1", "-frames:v", "1", str(ppm))
for name, extra in [("base420.jpg", []), ("base444.jpg", ["-sample", "1x1"]), ("grey.jpg", ["-grayscale"]),
                    ("restart.jpg", ["-restart", "1B"]), ("prog.jpg", ["-progressive"]), ("opt.jpg", ["-optimize", "-quality", "40"])]:
    with open(ppm, "rb") as f:
        blob = subprocess.run(["cjpeg", *extra], stdin=f, capture_output=True, check=True).stdout
    put("jpeg", name, blob); put("metadata", name, blob)

png = ff("rgb.png", "-f", "lavfi", "-i", "testsrc=size=16x16:rate=1", "-frames:v", "1")
put("png", "rgb.png", png)
rgba = ff("rgba.png", "-f", "lavfi", "-i", "testsrc=size=16x16:rate=1", "-frames:v", "1", "-pix_fmt", "rgba")
put("png", "rgba.png", rgba)

def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

def with_chunks(png_bytes, chunks):
    return png_bytes[:33] + b"".join(chunks) + png_bytes[33:]

a1111 = b"parameters\0a cat, masterpiece\nNegative prompt: ugly\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 16x16, Model: sd_xl_base_1.0"
comfy = b'prompt\0{"3": {"class_type": "KSampler", "inputs": {"seed": 1, "steps": 20, "model": ["4", 0]}}, "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "sd15.safetensors"}}}'
put("png", "a1111.png", with_chunks(png, [chunk(b"tEXt", a1111)]))
put("png", "comfy-ztxt.png", with_chunks(png, [chunk(b"zTXt", b"prompt\0\0" + zlib.compress(comfy.split(b"\0", 1)[1]))]))
put("png", "itxt.png", with_chunks(rgba, [chunk(b"iTXt", b"Software\0\0\0\0\0NovelAI"), chunk(b"tEXt", b"Comment\0{\"signed_hash\": \"abc\"}")]))

def tiff(entries, le=True):
    """A TIFF block with IFD0 holding ASCII tags (tag, text)."""
    e = "<" if le else ">"
    head = (b"II" if le else b"MM") + struct.pack(e + "HI", 42, 8)
    n = len(entries); values = b""; ifd = struct.pack(e + "H", n)
    base = 8 + 2 + 12 * n + 4
    for tag, text in entries:
        t = text + b"\0"
        if len(t) <= 4:
            ifd += struct.pack(e + "HHI", tag, 2, len(t)) + t.ljust(4, b"\0")
        else:
            ifd += struct.pack(e + "HHII", tag, 2, len(t), base + len(values)); values += t
    return head + ifd + struct.pack(e + "I", 0) + values

exif_le = tiff([(0x010F, b"Canon"), (0x0110, b"EOS 5D"), (0x0131, b"Adobe Photoshop 25.0"), (0x9286 & 0xFFFF, b"")])
exif_be = tiff([(0x0131, b"Midjourney"), (0x010E, b"a prompt")], le=False)
put("exif", "le.tiff", exif_le); put("exif", "be.tiff", exif_be)
put("labels", "exif.tiff", exif_le)

xmp = (b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
       b'<rdf:Description xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#" xmlns:xmp="http://ns.adobe.com/xap/1.0/"'
       b' Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia" xmp:CreatorTool="Adobe Firefly">'
       b'<xmpMM:History><rdf:Seq><rdf:li stEvt:action="created" stEvt:softwareAgent="Adobe Photoshop 25.0"/><rdf:li stEvt:action="saved" stEvt:softwareAgent="GIMP 2.10"/></rdf:Seq></xmpMM:History>'
       b'</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')
put("xmp", "firefly.xmp", xmp)
put("xmp", "bare.xmp", b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="Made with Google AI"/></rdf:RDF></x:xmpmeta>')

def app1(ident, payload):
    return b"\xff\xe1" + struct.pack(">H", 2 + len(ident) + len(payload)) + ident + payload

base = (out / "jpeg" / "base420.jpg").read_bytes()
jx = base[:2] + app1(b"Exif\0\0", exif_le) + app1(b"http://ns.adobe.com/xap/1.0/\0", xmp) + b"\xff\xfe\0\x0ca comment" + base[2:]
for t in ("labels", "metadata", "jpeg"):
    put(t, "exif-xmp.jpg", jx)
for t in ("labels", "metadata"):
    put(t, "a1111.png", (out / "png" / "a1111.png").read_bytes())
webp = ff("t.webp", "-f", "lavfi", "-i", "testsrc=size=16x16:rate=1", "-frames:v", "1")
put("labels", "plain.webp", webp); put("metadata", "plain.webp", webp)

# --- audio and video made here
wav16 = ff("s16.wav", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000:duration=0.05", "-c:a", "pcm_s16le")
put("wav", "s16.wav", wav16)
put("wav", "f32.wav", ff("f32.wav", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000:duration=0.03", "-c:a", "pcm_f32le"))
put("wav", "u8-stereo.wav", ff("u8.wav", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000:duration=0.03", "-ac", "2", "-c:a", "pcm_u8"))
mp3 = ff("t.mp3", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000:duration=0.1", "-metadata", "title=seed", "-id3v2_version", "3")
put("id3", "tagged.mp3", mp3[:4096])
mp4 = ff("t.mp4", "-f", "lavfi", "-i", "testsrc=size=16x16:rate=1", "-frames:v", "1", "-c:v", "mjpeg", "-movflags", "+faststart")
put("bmff", "mjpeg.mp4", mp4)
m4a = ff("t.m4a", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000:duration=0.05", "-c:a", "aac")
put("bmff", "aac.m4a", m4a)
flac = ff("t.flac", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000:duration=0.05")

# --- shared data fixtures (the small ones whole, C2PA JPEGs cropped to 16x16 keeping every marker)
for name, target in [("riff_bomb_1000.wav", "wav"), ("nested_moov_1000.mp4", "bmff"), ("id3v23_compression_underflow.mp3", "id3")]:
    p = data / "c2pa" / name
    if p.exists():
        put(target, name, p.read_bytes())
for name in ["c.jpg", "c_with_cawg_data.jpg", "no_alg.jpg", "xca.jpg", "boxhash.jpg"]:
    p = data / "c2pa" / name
    if not p.exists():
        continue
    small = subprocess.run(["jpegtran", "-copy", "all", "-crop", "16x16+0+0", str(p)], capture_output=True).stdout
    if small:
        put("c2pa", name, small)
        jumbf = tmp / (name + ".c2pa")
        subprocess.run(["dotnet", harness, "--jumbf", str(p), str(jumbf)], check=False, stdout=subprocess.DEVNULL)
        if jumbf.exists() and jumbf.stat().st_size > 0:
            put("jumbf", name + ".c2pa", jumbf.read_bytes())
put("c2pa", "plain.wav", wav16); put("c2pa", "plain.png", png); put("c2pa", "plain.mp4", mp4)

# --- sniffing: the first 64 bytes of one file of each kind
heads = {"jpg": base, "png": png, "webp": webp, "wav": wav16, "mp3": mp3, "mp4": mp4, "m4a": m4a, "flac": flac, "tiff": exif_le}
for k, blob in heads.items():
    put("sniff", k + ".head", blob[:64])

# --- watermark decoders. Image: a stage byte (top 3 bits: 0 SD dwtDct, 1 SD dwtDctSvd, 2 FakeLens hypotheses/fold/
# sync/decode on a residual plane, 3 crop sweep on it, 4 QIM layer on a luma plane, 5/7 soft Viterbi, 6 whole read of
# an image under 128 px), 2 size bytes, then RGB pixels / 16-bit half floats / signed soft values. Audio: a stage byte
# (top 2 bits: 0 resampler + short-input refusal, 1 tile analysis/fold/soft bits, 2 decision on soft values, 3 as 1
# at four offsets), a selector byte (rate, phases), then 16-bit samples.
import struct
covers = sorted((data / "watermark").glob("*/*.png")) if (data / "watermark").exists() else []
for i, p in enumerate(covers[:3]):
    raw = subprocess.run(["ffmpeg", "-loglevel", "error", "-i", str(p), "-vf", "scale=64:64", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], capture_output=True).stdout
    if raw:
        put("watermark-image", f"cover{i}.rgb", bytes([0, 63, 63]) + raw)
        put("watermark-image", f"cover{i}-svd.rgb", bytes([32, 63, 63]) + raw)
        put("watermark-image", f"whole{i}.rgb", bytes([192, 126, 126]) + raw)
        # the cover's luma minus its mean as a 32 x 32 residual plane in half floats; the luma itself for the QIM layer
        luma = [sum(raw[3 * k:3 * k + 3]) / 3 for k in range(0, 64 * 64, 2)][:32 * 32]
        mean = sum(luma) / len(luma)
        residual = b"".join(struct.pack("<e", (v - mean) / 32) for v in luma)
        put("watermark-image", f"plane{i}.f16", bytes([64, 31, 31]) + residual)
        put("watermark-image", f"sweep{i}.f16", bytes([96, 31, 31]) + residual)
        put("watermark-image", f"qim{i}.f16", bytes([128, 31, 31]) + b"".join(struct.pack("<e", v) for v in luma))
put("watermark-image", "flat.rgb", bytes([0, 31, 31]) + bytes([128, 128, 128]))
put("watermark-image", "soft.bin", bytes([160]) + bytes((i * 37) % 256 for i in range(140)))
speech = sorted((data / "audio" / "real" / "speechbrain").glob("*.wav"))
if speech:
    raw = subprocess.run(["ffmpeg", "-loglevel", "error", "-i", str(speech[0]), "-t", "0.3", "-ar", "16000", "-f", "s16le", "-"], capture_output=True).stdout
    put("watermark-audio", "speech16k.raw", bytes([0x40, 1]) + raw)
    put("watermark-audio", "speech-resample.raw", bytes([0, 170]) + raw[:2048])
    put("watermark-audio", "speech-decide.raw", bytes([0x80, 0]) + raw[:256])
put("watermark-audio", "silence.raw", bytes([0, 0]) + bytes(64))

# --- tamper manifest
put("tamper-manifest", "manifest.csv", b"file,kind,source,donor,parameters,mask,tampered_fraction,final_format\n"
    b"a.png,splice,s.png,d.png,\"x=1,y=2\",a_mask.png,0.12,png\nb.jpg,control,s.png,,,,0,jpeg\nc.jpg,copy-move,s.png,,\"q=\"\"90\"\"\",c_mask.png,0.05,jpeg\n")

shutil.rmtree(tmp)
for d in sorted(out.iterdir()):
    files = list(d.iterdir())
    print(f"{d.name:16} {len(files):3} seeds, {sum(f.stat().st_size for f in files):8} bytes")
