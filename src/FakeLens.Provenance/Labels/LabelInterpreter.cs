using System.Text.Json;

namespace FakeLens.Provenance.Labels;

/// <summary>
/// Turns the raw texts of <see cref="FileLabels"/> into digital source types and generator settings. Which text is
/// which follows where each tool writes (see the parsers' comments): PNG keywords <c>parameters</c>, <c>prompt</c>,
/// <c>workflow</c>, <c>Comment</c>, <c>Description</c>, <c>invokeai_metadata</c>, <c>sd-metadata</c>, <c>Dream</c>;
/// EXIF UserComment, Make/Model ("workflow:"/"prompt:" from ComfyUI, JSON from SwarmUI); JPEG COM; the alpha-channel
/// payload; XMP packets.
/// </summary>
public static class LabelInterpreter
{
    public static LabelFindings Interpret(FileLabels labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var types = new List<SourceTypeLabel>();
        var generators = new List<GeneratorLabel>();
        string? Sibling(string key) => labels.Texts.FirstOrDefault(t => string.Equals(t.Key, key, StringComparison.Ordinal) && t.Place.StartsWith("PNG", StringComparison.Ordinal))?.Value;

        foreach (var t in labels.Texts)
        {
            var place = t.Key == LabelReader.XmpKey ? t.Place : $"{t.Place} '{t.Key}'";
            if (t.Key == LabelReader.XmpKey)
            {
                var (values, descriptions) = XmpLabels.Read(t.Value);
                types.AddRange(values.Select(v => new SourceTypeLabel(v, DigitalSourceTypes.Find(v), t.Place)));
                foreach (var d in descriptions)
                {
                    AddIf(generators, GeneratorFormats.MidjourneyDescription(d, $"{t.Place} dc:description", null));
                }

                continue;
            }

            if (string.Equals(t.Key, "DigitalSourceType", StringComparison.OrdinalIgnoreCase))
            {
                types.Add(new SourceTypeLabel(t.Value.Trim(), DigitalSourceTypes.Find(t.Value), place));
                continue;
            }

            switch (t.Key)
            {
                case "invokeai_metadata":
                    using (var doc = JsonValues.ParseObject(t.Value))
                    {
                        AddIf(generators, doc is null ? null : GeneratorFormats.InvokeAiMetadata(doc.RootElement, place));
                    }

                    continue;
                case "sd-metadata":
                    using (var doc = JsonValues.ParseObject(t.Value))
                    {
                        AddIf(generators, doc is null ? null : GeneratorFormats.InvokeAiSdMetadata(doc.RootElement, place));
                    }

                    continue;
                case "Dream":
                    AddIf(generators, GeneratorFormats.InvokeAiDream(t.Value, place));
                    continue;
                case "Description" or "ImageDescription":
                    AddIf(generators, GeneratorFormats.MidjourneyDescription(t.Value, place, Sibling("Author")));
                    break;
            }

            // ComfyUI's WebP writer: EXIF Model = "prompt:{…}", Make = "workflow:{…}" (and further keys downwards from 0x010E).
            var text = t.Value;
            var key = t.Key;
            if (t.Place.Contains("EXIF", StringComparison.Ordinal) && t.Key is "Make" or "Model" or "ImageDescription")
            {
                var colon = text.IndexOf(':', StringComparison.Ordinal);
                if (colon is > 0 and < 40 && colon + 1 < text.Length && text[colon + 1] == '{')
                {
                    key = text[..colon];
                    text = text[(colon + 1)..];
                }
            }

            using var json = JsonValues.ParseObject(text);
            if (json is not null)
            {
                AddIf(generators, FromJson(json.RootElement, key, place, labels));
                continue;
            }

            if (key is "parameters" or "UserComment" or "stealth" or "Comment" or "XPComment" or "Description")
            {
                AddIf(generators, A1111Parameters.Parse(text, place));
            }
        }

        return new LabelFindings(types, generators);
    }

    private static GeneratorLabel? FromJson(JsonElement root, string key, string place, FileLabels labels)
    {
        if (GeneratorFormats.SwarmUiParams(root, place) is { } swarm)
        {
            return swarm;
        }

        if (key == "prompt" && ComfyGraph.IsPromptGraph(root))
        {
            return ComfyGraph.FromPrompt(root, place);
        }

        if (key == "workflow" && ComfyGraph.IsWorkflow(root))
        {
            // The prompt graph says more; the workflow counts only when it is alone.
            return labels.Texts.Any(t => t.Key == "prompt" || t.Value.StartsWith("prompt:{", StringComparison.Ordinal)) ? null : ComfyGraph.FromWorkflow(root, place);
        }

        if (key == "stealth")
        {
            return GeneratorFormats.NovelAiFromStealth(root, place);
        }

        if (GeneratorFormats.IsNovelAiComment(root))
        {
            string? Field(string name) => labels.Texts.FirstOrDefault(t => t.Key == name && t.Place.StartsWith("PNG", StringComparison.Ordinal))?.Value;

            // In NovelAI's WebP files the model goes into EXIF Software and the prompt into ImageDescription (nai_sig.py).
            string? Exif(string name) => labels.Texts.FirstOrDefault(t => t.Key == name && t.Place.Contains("EXIF", StringComparison.Ordinal))?.Value;
            return GeneratorFormats.NovelAiFromComment(root, place, Field("Description") ?? Exif("ImageDescription"), Field("Source") ?? Exif("Software"));
        }

        if (GeneratorFormats.IsFooocus(root))
        {
            return GeneratorFormats.FooocusJson(root, place);
        }

        return null;
    }

    private static void AddIf(List<GeneratorLabel> list, GeneratorLabel? label)
    {
        if (label is not null)
        {
            list.Add(label);
        }
    }
}
