using System.Buffers.Binary;
using System.Text;

namespace FakeLens.Core.Media;

/// <summary>
/// Recognises media by content (magic bytes), never by name; the extension is kept only as a hint so that
/// a mismatch between name and content can be reported. Needs at most <see cref="HeaderLength"/> bytes.
/// </summary>
public static class MediaSniffer
{
    /// <summary>How many leading bytes <see cref="Sniff"/> looks at.</summary>
    public const int HeaderLength = 64;

    public static MediaType Sniff(ReadOnlySpan<byte> head, string? fileName = null)
    {
        var hint = FromExtension(fileName);
        var format = FromBytes(head);
        if (format == MediaFormat.Unknown)
        {
            return MediaType.Unknown(hint);
        }

        return new MediaType(format, KindOf(format), MimeOf(format), PixelsSupported(format), hint);
    }

    public static MediaKind KindOf(MediaFormat format) => format switch
    {
        MediaFormat.Jpeg or MediaFormat.Png or MediaFormat.WebP or MediaFormat.Gif or MediaFormat.Tiff
            or MediaFormat.Bmp or MediaFormat.Heic or MediaFormat.Avif => MediaKind.Image,
        MediaFormat.Wav or MediaFormat.Mp3 or MediaFormat.Flac or MediaFormat.Ogg or MediaFormat.M4a => MediaKind.Audio,
        MediaFormat.Mp4 or MediaFormat.Mov or MediaFormat.WebM or MediaFormat.Mkv or MediaFormat.Avi => MediaKind.Video,
        _ => MediaKind.Unknown,
    };

    /// <summary>Image formats whose pixels FakeLens decodes (HEIC/AVIF are recognised but not decoded).</summary>
    public static bool PixelsSupported(MediaFormat format) => format is MediaFormat.Jpeg or MediaFormat.Png
        or MediaFormat.WebP or MediaFormat.Gif or MediaFormat.Bmp;

    public static string MimeOf(MediaFormat format) => format switch
    {
        MediaFormat.Jpeg => "image/jpeg",
        MediaFormat.Png => "image/png",
        MediaFormat.WebP => "image/webp",
        MediaFormat.Gif => "image/gif",
        MediaFormat.Tiff => "image/tiff",
        MediaFormat.Bmp => "image/bmp",
        MediaFormat.Heic => "image/heic",
        MediaFormat.Avif => "image/avif",
        MediaFormat.Wav => "audio/wav",
        MediaFormat.Mp3 => "audio/mpeg",
        MediaFormat.Flac => "audio/flac",
        MediaFormat.Ogg => "audio/ogg",
        MediaFormat.M4a => "audio/mp4",
        MediaFormat.Mp4 => "video/mp4",
        MediaFormat.Mov => "video/quicktime",
        MediaFormat.WebM => "video/webm",
        MediaFormat.Mkv => "video/x-matroska",
        MediaFormat.Avi => "video/x-msvideo",
        _ => "application/octet-stream",
    };

    public static MediaFormat? FromExtension(string? fileName)
    {
        if (string.IsNullOrEmpty(fileName))
        {
            return null;
        }

        var ext = Path.GetExtension(fileName).ToUpperInvariant();
        return ext switch
        {
            ".JPG" or ".JPEG" or ".JPE" or ".JFIF" => MediaFormat.Jpeg,
            ".PNG" => MediaFormat.Png,
            ".WEBP" => MediaFormat.WebP,
            ".GIF" => MediaFormat.Gif,
            ".TIF" or ".TIFF" or ".DNG" => MediaFormat.Tiff,
            ".BMP" or ".DIB" => MediaFormat.Bmp,
            ".HEIC" or ".HEIF" => MediaFormat.Heic,
            ".AVIF" => MediaFormat.Avif,
            ".WAV" or ".WAVE" => MediaFormat.Wav,
            ".MP3" => MediaFormat.Mp3,
            ".FLAC" => MediaFormat.Flac,
            ".OGG" or ".OGA" or ".OPUS" => MediaFormat.Ogg,
            ".M4A" or ".AAC" => MediaFormat.M4a,
            ".MP4" or ".M4V" => MediaFormat.Mp4,
            ".MOV" or ".QT" => MediaFormat.Mov,
            ".WEBM" => MediaFormat.WebM,
            ".MKV" => MediaFormat.Mkv,
            ".AVI" => MediaFormat.Avi,
            _ => null,
        };
    }

    public static MediaFormat FromBytes(ReadOnlySpan<byte> h)
    {
        if (h.Length >= 3 && h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF)
        {
            return MediaFormat.Jpeg;
        }

        if (h.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return MediaFormat.Png;
        }

        if (h.StartsWith("GIF87a"u8) || h.StartsWith("GIF89a"u8))
        {
            return MediaFormat.Gif;
        }

        if (h.StartsWith("II*\0"u8) || h.StartsWith("MM\0*"u8) || h.StartsWith("II+\0"u8) || h.StartsWith("MM\0+"u8))
        {
            return MediaFormat.Tiff;
        }

        // The DIB header size sits at bytes 14-17: a 14- to 17-byte "BM" file threw here (found by fuzzing).
        if (h.Length >= 18 && h[0] == 'B' && h[1] == 'M' && BinaryPrimitives.ReadUInt32LittleEndian(h[14..]) is 12 or 40 or 52 or 56 or 64 or 108 or 124)
        {
            return MediaFormat.Bmp;
        }

        if (h.Length >= 12 && (h.StartsWith("RIFF"u8) || h.StartsWith("RIFX"u8)))
        {
            var form = h.Slice(8, 4);
            if (form.SequenceEqual("WEBP"u8))
            {
                return MediaFormat.WebP;
            }

            if (form.SequenceEqual("WAVE"u8))
            {
                return MediaFormat.Wav;
            }

            if (form.SequenceEqual("AVI "u8))
            {
                return MediaFormat.Avi;
            }
        }

        if (h.StartsWith("fLaC"u8))
        {
            return MediaFormat.Flac;
        }

        if (h.StartsWith("OggS"u8))
        {
            return MediaFormat.Ogg;
        }

        if (h.StartsWith("ID3"u8) || (h.Length >= 2 && h[0] == 0xFF && (h[1] & 0xE0) == 0xE0 && (h[1] & 0x06) != 0))
        {
            return MediaFormat.Mp3;
        }

        if (h.Length >= 4 && BinaryPrimitives.ReadUInt32BigEndian(h) == 0x1A45DFA3)
        {
            // Matroska EBML header: the DocType string tells WebM from MKV.
            var limit = Math.Min(h.Length, HeaderLength);
            return h[..limit].IndexOf("webm"u8) >= 0 ? MediaFormat.WebM : MediaFormat.Mkv;
        }

        if (h.Length >= 12 && h.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            return FromFtyp(h);
        }

        if (h.Length >= 8 && (h.Slice(4, 4).SequenceEqual("moov"u8) || h.Slice(4, 4).SequenceEqual("mdat"u8)
            || h.Slice(4, 4).SequenceEqual("wide"u8) || h.Slice(4, 4).SequenceEqual("free"u8)))
        {
            return MediaFormat.Mov;
        }

        return MediaFormat.Unknown;
    }

    private static MediaFormat FromFtyp(ReadOnlySpan<byte> h)
    {
        var boxSize = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(h), (uint)h.Length);
        var brands = new List<string> { Encoding.ASCII.GetString(h.Slice(8, 4)) };
        for (var i = 16; i + 4 <= boxSize; i += 4)
        {
            brands.Add(Encoding.ASCII.GetString(h.Slice(i, 4)));
        }

        var major = brands[0];
        if (major is "avif" or "avis")
        {
            return MediaFormat.Avif;
        }

        if (major is "heic" or "heix" or "heim" or "heis" or "hevc" or "hevx" or "mif1" or "msf1")
        {
            return brands.Contains("avif") ? MediaFormat.Avif : MediaFormat.Heic;
        }

        if (major is "M4A " or "M4B " or "M4P " or "F4A ")
        {
            return MediaFormat.M4a;
        }

        return major == "qt  " ? MediaFormat.Mov : MediaFormat.Mp4;
    }
}
