using System.Text.Json;

namespace FakeLens.Provenance.Labels;

/// <summary>
/// Reads generation settings from ComfyUI's JSON. The <c>prompt</c> text (the API graph ComfyUI's SaveImage writes
/// with <c>PngInfo.add_text("prompt", json.dumps(prompt))</c> in nodes.py) maps node ids to
/// <c>{"class_type": …, "inputs": {…}}</c>, where a link is <c>[node id, output index]</c>. The sampler node (KSampler,
/// KSamplerAdvanced, SamplerCustom…) gives seed, steps, CFG, sampler and scheduler; its <c>model</c> and
/// <c>positive</c>/<c>negative</c> links are followed (at most <see cref="MaxHops"/> nodes) to the checkpoint loader
/// and the text encoders, as receyuki/stable-diffusion-prompt-reader (image_data_reader.py _comfy_traverse) does.
/// The <c>workflow</c> text (the editor's graph, <c>{"nodes": [{"type": …, "widgets_values": […]}]}</c>) is used when
/// there is no prompt graph: loader and sampler widgets only.
/// </summary>
internal static class ComfyGraph
{
    private const int MaxHops = 12;
    private const int MaxNodes = 20_000;

    public const string Tool = "ComfyUI";

    /// <summary>True when the object looks like a ComfyUI API graph (node objects with class_type).</summary>
    public static bool IsPromptGraph(JsonElement root)
    {
        var n = 0;
        foreach (var p in root.EnumerateObject())
        {
            if (++n > MaxNodes)
            {
                break;
            }

            if (p.Value.ValueKind == JsonValueKind.Object && JsonValues.Text(p.Value, "class_type") is not null)
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsWorkflow(JsonElement root) =>
        JsonValues.Child(root, "nodes") is { ValueKind: JsonValueKind.Array };

    public static GeneratorLabel FromPrompt(JsonElement graph, string place)
    {
        JsonElement? sampler = null;
        string? samplerId = null;
        var count = 0;
        foreach (var p in graph.EnumerateObject())
        {
            if (++count > MaxNodes)
            {
                break;
            }

            var type = JsonValues.Text(p.Value, "class_type") ?? string.Empty;
            if (type.Contains("Sampler", StringComparison.OrdinalIgnoreCase) && JsonValues.Child(p.Value, "inputs") is { ValueKind: JsonValueKind.Object } inputs
                && (JsonValues.Has(inputs, "seed") || JsonValues.Has(inputs, "noise_seed") || JsonValues.Has(inputs, "steps")))
            {
                sampler = inputs;
                samplerId = p.Name;
                break;
            }
        }

        var nodes = 0;
        foreach (var unused in graph.EnumerateObject())
        {
            if (++nodes >= MaxNodes)
            {
                break;
            }
        }

        var extra = new List<KeyValuePair<string, string>> { new("nodes in graph", JsonValues.Number(nodes)) };
        if (sampler is not { } s)
        {
            return new GeneratorLabel(Tool, place) { Model = FirstInput(graph, "ckpt_name", "unet_name", "model_name"), Prompt = FirstInput(graph, "text"), Extra = extra };
        }

        if (samplerId is not null && JsonValues.Text(graph.GetProperty(samplerId), "class_type") is { } cls)
        {
            extra.Add(new("sampler node", cls));
        }

        return new GeneratorLabel(Tool, place)
        {
            Seed = Resolve(graph, s, "seed") ?? Resolve(graph, s, "noise_seed"),
            Steps = Resolve(graph, s, "steps"),
            Cfg = Resolve(graph, s, "cfg"),
            Sampler = Resolve(graph, s, "sampler_name"),
            Scheduler = Resolve(graph, s, "scheduler"),
            Model = Follow(graph, s, "model", "ckpt_name", "unet_name", "model_name") ?? FirstInput(graph, "ckpt_name", "unet_name", "model_name"),
            Prompt = Follow(graph, s, "positive", "text", "text_g", "prompt"),
            NegativePrompt = Follow(graph, s, "negative", "text", "text_g", "prompt"),
            Extra = extra,
        };
    }

    public static GeneratorLabel FromWorkflow(JsonElement workflow, string place)
    {
        string? model = null, seed = null, steps = null, cfg = null, samplerName = null, scheduler = null;
        var count = 0;
        foreach (var node in workflow.GetProperty("nodes").EnumerateArray())
        {
            if (++count > MaxNodes)
            {
                break;
            }

            var type = JsonValues.Text(node, "type") ?? string.Empty;
            if (JsonValues.Child(node, "widgets_values") is not { ValueKind: JsonValueKind.Array } w)
            {
                continue;
            }

            if (model is null && type.Contains("Loader", StringComparison.Ordinal) && w.GetArrayLength() > 0)
            {
                model = JsonValues.Scalar(w[0]);
            }

            // KSampler widgets: seed, control_after_generate, steps, cfg, sampler_name, scheduler, denoise.
            if (seed is null && type is "KSampler" && w.GetArrayLength() >= 6)
            {
                seed = JsonValues.Scalar(w[0]);
                steps = JsonValues.Scalar(w[2]);
                cfg = JsonValues.Scalar(w[3]);
                samplerName = JsonValues.Scalar(w[4]);
                scheduler = JsonValues.Scalar(w[5]);
            }
        }

        return new GeneratorLabel(Tool, place)
        {
            Model = model,
            Seed = seed,
            Steps = steps,
            Cfg = cfg,
            Sampler = samplerName,
            Scheduler = scheduler,
            Extra = [new("nodes in workflow", JsonValues.Number(count))],
        };
    }

    /// <summary>An input's value; when it is a link, the first scalar input of the linked node (a primitive or seed node).</summary>
    private static string? Resolve(JsonElement graph, JsonElement inputs, string name)
    {
        if (JsonValues.Child(inputs, name) is not { } v)
        {
            return null;
        }

        if (JsonValues.Scalar(v) is { } direct)
        {
            return direct;
        }

        if (Link(v) is { } id && Node(graph, id) is { } node && JsonValues.Child(node, "inputs") is { ValueKind: JsonValueKind.Object } linked)
        {
            foreach (var p in linked.EnumerateObject())
            {
                if (JsonValues.Scalar(p.Value) is { } s)
                {
                    return s;
                }
            }
        }

        return null;
    }

    /// <summary>Follows the link in <paramref name="input"/> upstream until a node has one of <paramref name="wanted"/> as a scalar input.</summary>
    private static string? Follow(JsonElement graph, JsonElement inputs, string input, params string[] wanted)
    {
        var link = JsonValues.Child(inputs, input) is { } v ? Link(v) : null;
        for (var hop = 0; hop < MaxHops && link is not null; hop++)
        {
            if (Node(graph, link) is not { } node || JsonValues.Child(node, "inputs") is not { ValueKind: JsonValueKind.Object } ins)
            {
                return null;
            }

            foreach (var w in wanted)
            {
                if (JsonValues.Child(ins, w) is { } value)
                {
                    if (JsonValues.Scalar(value) is { } s)
                    {
                        return s;
                    }

                    // The text itself comes from another node (a string primitive): one more hop.
                    if (Link(value) is { } textLink && Node(graph, textLink) is { } textNode && JsonValues.Child(textNode, "inputs") is { ValueKind: JsonValueKind.Object } tin)
                    {
                        foreach (var p in tin.EnumerateObject())
                        {
                            if (p.Value.ValueKind == JsonValueKind.String && JsonValues.Scalar(p.Value) is { } t)
                            {
                                return t;
                            }
                        }
                    }
                }
            }

            // Pass-through nodes (LoRA loaders, conditioning combiners): continue along the same-named input, else the first link.
            link = JsonValues.Child(ins, input) is { } same && Link(same) is { } next ? next : FirstLink(ins);
        }

        return null;
    }

    private static string? FirstInput(JsonElement graph, params string[] names)
    {
        var n = 0;
        foreach (var p in graph.EnumerateObject())
        {
            if (++n > MaxNodes)
            {
                break;
            }

            if (JsonValues.Child(p.Value, "inputs") is { ValueKind: JsonValueKind.Object } inputs)
            {
                foreach (var name in names)
                {
                    if (JsonValues.Text(inputs, name) is { } v)
                    {
                        return v;
                    }
                }
            }
        }

        return null;
    }

    private static string? FirstLink(JsonElement inputs)
    {
        foreach (var p in inputs.EnumerateObject())
        {
            if (Link(p.Value) is { } id)
            {
                return id;
            }
        }

        return null;
    }

    private static string? Link(JsonElement v) =>
        v.ValueKind == JsonValueKind.Array && v.GetArrayLength() == 2 && v[1].ValueKind == JsonValueKind.Number ? JsonValues.Scalar(v[0]) : null;

    private static JsonElement? Node(JsonElement graph, string id) =>
        graph.TryGetProperty(id, out var node) && node.ValueKind == JsonValueKind.Object ? node : null;
}
