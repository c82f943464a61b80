using System.Text.Json;
using System.Text.RegularExpressions;

namespace FakeLens.Provenance.Labels;

/// <summary>
/// Parsers for the JSON and text formats of NovelAI, InvokeAI, SwarmUI, Fooocus and Midjourney. Field names follow
/// the writers and the readers that interoperate with them: NovelAI/novelai-image-metadata (nai_meta.py,
/// nai_sig.py: Description, Software, Source, Comment JSON with prompt/uc/steps/scale/seed/sampler),
/// receyuki/stable-diffusion-prompt-reader (format/invokeai.py, swarmui.py, fooocus.py) and d3x-at/sd-parsers
/// (parsers/_invokeai/_variant_invokeai_meta.py), and lllyasviel/Fooocus modules/meta_parser.py.
/// </summary>
internal static partial class GeneratorFormats
{
    public const string NovelAi = "NovelAI";
    public const string InvokeAi = "InvokeAI";
    public const string SwarmUi = "SwarmUI";
    public const string Fooocus = "Fooocus";
    public const string Midjourney = "Midjourney";

    /// <summary>NovelAI's Comment JSON (prompt, uc, steps, scale, seed, sampler), with the sibling Description and Source fields when known.</summary>
    public static bool IsNovelAiComment(JsonElement c) =>
        JsonValues.Has(c, "signed_hash") || (JsonValues.Has(c, "uc") && JsonValues.Has(c, "sampler") && JsonValues.Has(c, "steps"));

    public static GeneratorLabel NovelAiFromComment(JsonElement comment, string place, string? description, string? source)
    {
        var extra = new List<KeyValuePair<string, string>>();
        if (source is not null)
        {
            extra.Add(new("Source field", source));
        }

        if (JsonValues.Has(comment, "signed_hash"))
        {
            extra.Add(new("signed_hash", "present (NovelAI's Ed25519 signature over the pixels and settings)"));
        }

        return new GeneratorLabel(NovelAi, place)
        {
            // Source reads e.g. "NovelAI Diffusion V4.5 4BDE2A90" or "Stable Diffusion XL C1E1DE52": the model and its hash.
            Model = source,
            Sampler = JsonValues.Text(comment, "sampler"),
            Scheduler = JsonValues.Text(comment, "noise_schedule"),
            Steps = JsonValues.Text(comment, "steps"),
            Seed = JsonValues.Text(comment, "seed"),
            Cfg = JsonValues.Text(comment, "scale"),
            Prompt = JsonValues.Text(comment, "prompt") ?? description,
            NegativePrompt = JsonValues.Text(comment, "uc"),
            Extra = extra,
            SignedComment = JsonValues.Has(comment, "signed_hash") ? comment.GetRawText() : null,
        };
    }

    /// <summary>NovelAI's stealth payload: a JSON object of its text fields, Comment itself a JSON string.</summary>
    public static GeneratorLabel? NovelAiFromStealth(JsonElement root, string place)
    {
        var software = JsonValues.Text(root, "Software");
        var commentText = JsonValues.Text(root, "Comment");
        using var comment = JsonValues.ParseObject(commentText);
        if (comment is not null && (IsNovelAiComment(comment.RootElement) || string.Equals(software, NovelAi, StringComparison.Ordinal)))
        {
            return NovelAiFromComment(comment.RootElement, place, JsonValues.Text(root, "Description"), JsonValues.Text(root, "Source"));
        }

        return string.Equals(software, NovelAi, StringComparison.Ordinal)
            ? new GeneratorLabel(NovelAi, place) { Prompt = JsonValues.Text(root, "Description"), Model = JsonValues.Text(root, "Source") }
            : null;
    }

    /// <summary>InvokeAI 3+ <c>invokeai_metadata</c>: positive_prompt, negative_prompt, seed, steps, cfg_scale, scheduler, model.{model_name|name}.</summary>
    public static GeneratorLabel InvokeAiMetadata(JsonElement m, string place)
    {
        var model = JsonValues.Child(m, "model") is { } mo ? JsonValues.Text(mo, "model_name") ?? JsonValues.Text(mo, "name") ?? JsonValues.Scalar(mo) : null;
        var extra = new List<KeyValuePair<string, string>>();
        AddIf(extra, "app version", JsonValues.Text(m, "app_version"));
        AddIf(extra, "generation mode", JsonValues.Text(m, "generation_mode"));
        return new GeneratorLabel(InvokeAi, place)
        {
            Model = model,
            Scheduler = JsonValues.Text(m, "scheduler"),
            Sampler = JsonValues.Text(m, "scheduler"),
            Steps = JsonValues.Text(m, "steps"),
            Seed = JsonValues.Text(m, "seed"),
            Cfg = JsonValues.Text(m, "cfg_scale"),
            Prompt = JsonValues.Text(m, "positive_prompt"),
            NegativePrompt = JsonValues.Text(m, "negative_prompt"),
            Extra = extra,
        };
    }

    /// <summary>InvokeAI 2 <c>sd-metadata</c>: model_weights, app_version, image.{prompt (text or [{prompt}]), steps, cfg_scale, seed, sampler}.</summary>
    public static GeneratorLabel InvokeAiSdMetadata(JsonElement m, string place)
    {
        var image = JsonValues.Child(m, "image") ?? default;
        var prompt = JsonValues.Text(image, "prompt");
        if (prompt is null && JsonValues.Child(image, "prompt") is { ValueKind: JsonValueKind.Array } list && list.GetArrayLength() > 0)
        {
            prompt = JsonValues.Text(list[0], "prompt");
        }

        var extra = new List<KeyValuePair<string, string>>();
        AddIf(extra, "app", JsonValues.Text(m, "app_id"));
        AddIf(extra, "app version", JsonValues.Text(m, "app_version"));
        return new GeneratorLabel(InvokeAi, place)
        {
            Model = JsonValues.Text(m, "model_weights") ?? JsonValues.Text(m, "model"),
            Sampler = JsonValues.Text(image, "sampler"),
            Steps = JsonValues.Text(image, "steps"),
            Seed = JsonValues.Text(image, "seed"),
            Cfg = JsonValues.Text(image, "cfg_scale"),
            Prompt = prompt,
            Extra = extra,
        };
    }

    /// <summary>InvokeAI 1 <c>Dream</c>: <c>"prompt [negative]" -s steps -S seed -W w -H h -C cfg -A sampler</c>.</summary>
    public static GeneratorLabel? InvokeAiDream(string dream, string place)
    {
        try
        {
            var m = DreamPrompt().Match(dream);
            if (!m.Success)
            {
                return null;
            }

            string? Option(string flag)
            {
                var o = Regex.Match(dream, $"(?:^|\\s)-{flag}\\s+(\\S+)", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                return o.Success ? o.Groups[1].Value : null;
            }

            return new GeneratorLabel(InvokeAi, place)
            {
                Prompt = m.Groups["p"].Value.Trim(),
                Steps = Option("s"),
                Seed = Option("S"),
                Cfg = Option("C"),
                Sampler = Option("A"),
            };
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    /// <summary>SwarmUI: <c>{"sui_image_params": {prompt, negativeprompt, model, seed, steps, cfgscale, sampler, scheduler, swarm_version}}</c>.</summary>
    public static GeneratorLabel? SwarmUiParams(JsonElement root, string place)
    {
        if (JsonValues.Child(root, "sui_image_params") is not { ValueKind: JsonValueKind.Object } p)
        {
            return null;
        }

        var extra = new List<KeyValuePair<string, string>>();
        AddIf(extra, "SwarmUI version", JsonValues.Text(p, "swarm_version"));
        return new GeneratorLabel(SwarmUi, place)
        {
            Model = JsonValues.Text(p, "model"),
            Sampler = JsonValues.Text(p, "sampler") ?? JsonValues.Text(p, "comfyuisampler") ?? JsonValues.Text(p, "autowebuisampler"),
            Scheduler = JsonValues.Text(p, "scheduler"),
            Steps = JsonValues.Text(p, "steps"),
            Seed = JsonValues.Text(p, "seed"),
            Cfg = JsonValues.Text(p, "cfgscale"),
            Prompt = JsonValues.Text(p, "prompt"),
            NegativePrompt = JsonValues.Text(p, "negativeprompt"),
            Extra = extra,
        };
    }

    /// <summary>Fooocus's own JSON scheme (base_model, guidance_scale, sampler, scheduler, seed, steps, prompt, version "Fooocus v2.x").</summary>
    public static bool IsFooocus(JsonElement root) =>
        (JsonValues.Text(root, "version") ?? string.Empty).StartsWith("Fooocus", StringComparison.OrdinalIgnoreCase)
        || (JsonValues.Has(root, "base_model") && JsonValues.Has(root, "guidance_scale"));

    public static GeneratorLabel FooocusJson(JsonElement r, string place)
    {
        var prompt = JsonValues.Text(r, "prompt");
        if (prompt is null && JsonValues.Child(r, "full_prompt") is { ValueKind: JsonValueKind.Array } full && full.GetArrayLength() > 0)
        {
            prompt = JsonValues.Scalar(full[0]);
        }

        var extra = new List<KeyValuePair<string, string>>();
        AddIf(extra, "version", JsonValues.Text(r, "version"));
        AddIf(extra, "resolution", JsonValues.Text(r, "resolution"));
        return new GeneratorLabel(Fooocus, place)
        {
            Model = JsonValues.Text(r, "base_model"),
            Sampler = JsonValues.Text(r, "sampler"),
            Scheduler = JsonValues.Text(r, "scheduler"),
            Steps = JsonValues.Text(r, "steps"),
            Seed = JsonValues.Text(r, "seed"),
            Cfg = JsonValues.Text(r, "guidance_scale"),
            Prompt = prompt,
            NegativePrompt = JsonValues.Text(r, "negative_prompt"),
            Extra = extra,
        };
    }

    /// <summary>
    /// Midjourney writes the prompt with its parameters and the job id into Description (PNG text, XMP dc:description):
    /// "a lighthouse at dawn --ar 2:1 --v 6 Job ID: a7421d2f-b262-44f9-977c-ac23e9c7d3e3"; the user name goes into Author.
    /// </summary>
    public static GeneratorLabel? MidjourneyDescription(string description, string place, string? author)
    {
        try
        {
            var m = JobId().Match(description);
            if (!m.Success)
            {
                return null;
            }

            var prompt = description[..m.Index].Trim();
            var extra = new List<KeyValuePair<string, string>> { new("Midjourney job id", m.Groups["id"].Value) };
            AddIf(extra, "author", author);
            var version = MidjourneyVersion().Match(prompt);
            return new GeneratorLabel(Midjourney, place)
            {
                Model = !version.Success ? null : version.Groups["m"].Value == "niji" ? $"Niji {version.Groups["v"].Value}" : $"Midjourney v{version.Groups["v"].Value}",
                Prompt = prompt.Length == 0 ? null : prompt,
                Extra = extra,
            };
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    private static void AddIf(List<KeyValuePair<string, string>> list, string key, string? value)
    {
        if (value is not null)
        {
            list.Add(new(key, value));
        }
    }

    [GeneratedRegex("Job ID:\\s*(?<id>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex JobId();

    [GeneratedRegex("--(?<m>v|version|niji)\\s+(?<v>[0-9.]+)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex MidjourneyVersion();

    [GeneratedRegex("^\\s*\"(?<p>[^\"]{0,100000})\"\\s+-", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DreamPrompt();
}
