using System.Text.RegularExpressions;

namespace FakeLens.Video.Container;

/// <summary>
/// Names of AI video generators, talking-head services and face-swap tools as they appear in container tags
/// (encoder, software, comment, handler and title tags that the tools or their export paths write). Matched as whole
/// words, case-insensitive, so that "VideoHandler" or "Lavf" never match. The list is hand-made from the tools' names,
/// not learned; a missing tag proves nothing (tags are stripped by every re-encode and upload).
/// </summary>
public static partial class GeneratorTags
{
    private static readonly (string Name, Regex Pattern)[] Known =
    [
        ("OpenAI Sora", Word("sora")),
        ("Runway", Word(@"runway(ml)?|gen-?[234]( alpha)?")),
        ("Pika", Word("pika( labs)?")),
        ("Kling", Word("kling( ai)?|kuaishou kling")),
        ("MiniMax Hailuo", Word("hailuo|minimax video")),
        ("Luma Dream Machine", Word("dream machine|luma ai|lumalabs")),
        ("Google Veo", Word("veo ?[0-9]?")),
        ("Synthesia", Word("synthesia")),
        ("HeyGen", Word("heygen")),
        ("D-ID", Word("d-id")),
        ("Stable Video Diffusion", Word("stable video diffusion|stable-video-diffusion|svd(_xt)?")),
        ("AnimateDiff", Word("animatediff")),
        ("ComfyUI", Word("comfyui")),
        ("Deforum", Word("deforum")),
        ("ModelScope / ZeroScope", Word("modelscope|zeroscope")),
        ("CogVideo", Word("cogvideox?")),
        ("HunyuanVideo", Word("hunyuan ?video")),
        ("Wan", Word(@"wan ?2\.[0-9]")),
        ("LTX-Video", Word("ltx-?video")),
        ("Mochi", Word("genmo mochi|mochi-1")),
        ("DeepFaceLab", Word("deepfacelab")),
        ("FaceFusion / roop / Deep-Live-Cam", Word("facefusion|roop|deep-live-cam")),
        ("faceswap", Word("faceswap")),
    ];

    /// <summary>Every (tag, generator) pair whose tag value names a known generator.</summary>
    public static IReadOnlyList<(string Tag, string Value, string Generator)> Find(IEnumerable<KeyValuePair<string, string>> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var hits = new List<(string, string, string)>();
        foreach (var (key, value) in tags)
        {
            foreach (var (name, pattern) in Known)
            {
                if (pattern.IsMatch(value))
                {
                    hits.Add((key, value, name));
                    break;
                }
            }
        }

        return hits;
    }

    private static Regex Word(string alternatives) => new($@"(?<![A-Za-z0-9])(?:{alternatives})(?![A-Za-z0-9])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
}
