using System.Text.RegularExpressions;
using FakeLens.Provenance.Metadata;

namespace FakeLens.Provenance.Labels;

/// <summary>
/// Parses the "infotext" of AUTOMATIC1111's Stable Diffusion web UI and the many tools that copy it (Forge, SD.Next,
/// Fooocus's a1111 scheme, ComfyUI save nodes, CivitAI): prompt lines, an optional "Negative prompt:" block, and a
/// last line of "Key: value" pairs ("Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1234, Size: 512x512, Model
/// hash: …, Model: …, Version: v1.9.4"). Follows parse_generation_parameters in modules/infotext_utils.py
/// (AUTOMATIC1111/stable-diffusion-webui): the last line counts as parameters only when it holds at least three pairs;
/// values may be quoted with JSON escapes.
/// </summary>
internal static partial class A1111Parameters
{
    public static GeneratorLabel? Parse(string text, string place)
    {
        var trimmed = text.Trim();
        var newline = trimmed.LastIndexOf('\n');
        var last = newline < 0 ? trimmed : trimmed[(newline + 1)..];
        var pairs = Pairs(last);
        if (pairs.Count < 3 || !(pairs.ContainsKey("Steps") || pairs.ContainsKey("Sampler") || pairs.ContainsKey("Seed")))
        {
            return null;
        }

        var prompt = new List<string>();
        var negative = new List<string>();
        var inNegative = false;
        foreach (var raw in (newline < 0 ? string.Empty : trimmed[..newline]).Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("Negative prompt:", StringComparison.Ordinal))
            {
                inNegative = true;
                line = line["Negative prompt:".Length..].Trim();
            }

            (inNegative ? negative : prompt).Add(line);
        }

        var version = Get(pairs, "Version");
        var extra = new List<KeyValuePair<string, string>>();
        foreach (var key in (string[])["Size", "Model hash", "Version", "Denoising strength", "Clip skip", "VAE"])
        {
            if (Get(pairs, key) is { } v)
            {
                extra.Add(new(key, v));
            }
        }

        return new GeneratorLabel(Tool(version), place)
        {
            Model = Get(pairs, "Model") ?? Get(pairs, "Model hash"),
            Sampler = Get(pairs, "Sampler"),
            Scheduler = Get(pairs, "Schedule type"),
            Steps = Get(pairs, "Steps"),
            Seed = Get(pairs, "Seed"),
            Cfg = Get(pairs, "CFG scale"),
            Prompt = Join(prompt),
            NegativePrompt = Join(negative),
            Extra = extra,
        };
    }

    /// <summary>Names the tool from the "Version" field: "v1.9.4" is AUTOMATIC1111, "f2.0.1…" Forge, anything else through <see cref="SoftwareCatalog"/>.</summary>
    private static string Tool(string? version)
    {
        const string A1111 = "AUTOMATIC1111 Stable Diffusion web UI (or a compatible tool)";
        if (version is null || (version.StartsWith('v') && version.Length > 1 && char.IsDigit(version[1])))
        {
            return A1111;
        }

        if (version.StartsWith('f') && version.Length > 1 && char.IsDigit(version[1]))
        {
            return "Stable Diffusion WebUI Forge";
        }

        var match = SoftwareCatalog.Classify(new SoftwareMention("A1111 Version", version));
        return match.Kind == SoftwareKind.AiGenerator && match.Product is { } product ? product : A1111;
    }

    private static Dictionary<string, string> Pairs(string line)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (Match m in Param().Matches(line))
            {
                var value = m.Groups["v"].Value.Trim();
                if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
                {
                    value = Regex.Unescape(value[1..^1]);
                }

                result.TryAdd(m.Groups["k"].Value.Trim(), value);
            }
        }
        catch (Exception ex) when (ex is RegexMatchTimeoutException or ArgumentException)
        {
            // A pathological line: keep what was read.
        }

        return result;
    }

    private static string? Get(Dictionary<string, string> pairs, string key) =>
        pairs.TryGetValue(key, out var v) && v.Length > 0 ? v : null;

    private static string? Join(List<string> lines)
    {
        var s = string.Join('\n', lines).Trim();
        return s.Length == 0 ? null : s;
    }

    // re_param_code in modules/infotext_utils.py: \s*(\w[\w \-/]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)
    [GeneratedRegex("\\s*(?<k>\\w[\\w \\-/]+):\\s*(?<v>\"(?:\\\\.|[^\\\\\"])+\"|[^,]*)(?:,|$)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Param();
}
