namespace FakeLens.Provenance.Labels;

/// <summary>Generation settings a generator wrote into a file, as far as they could be read.</summary>
/// <param name="Generator">The tool ("AUTOMATIC1111 Stable Diffusion web UI", "ComfyUI", "NovelAI").</param>
/// <param name="Place">Where they were found ("PNG tEXt chunk 'parameters'").</param>
public sealed record GeneratorLabel(string Generator, string Place)
{
    public string? Model { get; init; }

    public string? Sampler { get; init; }

    public string? Scheduler { get; init; }

    public string? Steps { get; init; }

    public string? Seed { get; init; }

    public string? Cfg { get; init; }

    public string? Prompt { get; init; }

    public string? NegativePrompt { get; init; }

    /// <summary>Other values worth showing (tool version, Midjourney job id, image size).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Extra { get; init; } = [];

    /// <summary>NovelAI's Comment JSON when it carries a <c>signed_hash</c>, for <see cref="NovelAiSignature"/>.</summary>
    public string? SignedComment { get; init; }

    /// <summary>How many of the core settings (model, sampler, steps, seed, CFG, prompt) were read.</summary>
    public int Completeness => Count(Model) + Count(Sampler) + Count(Steps) + Count(Seed) + Count(Cfg) + Count(Prompt);

    private static int Count(string? s) => string.IsNullOrWhiteSpace(s) ? 0 : 1;
}
