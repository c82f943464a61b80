using FakeLens.Core.Evidence;
using FakeLens.Core.Media;

namespace FakeLens.Core.Detection;

/// <summary>
/// Reports what the file really is (from its bytes) and whether its name says otherwise. A renamed file is
/// not proof of anything, but a PNG named .jpg often went through a tool or a platform that re-encoded it,
/// and a person should know the container before reading the rest of the evidence.
/// </summary>
public sealed class FileFormatDetector : IDetector
{
    public string Id => "file.format";

    public string Description => "Container format from magic bytes; flags a file whose extension names another format.";

    public EvidenceCategory Category => EvidenceCategory.Metadata;

    public bool AppliesTo(MediaType media) => true;

    public ValueTask<IReadOnlyList<Evidence.Evidence>> AnalyzeAsync(AnalysisContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var media = context.Media;
        var result = new List<Evidence.Evidence>();
        if (media.ExtensionMismatch)
        {
            result.Add(new Evidence.Evidence
            {
                Id = "file.extension-mismatch",
                DetectorId = Id,
                Category = Category,
                Direction = EvidenceDirection.Neutral,
                Title = $"File is {media.Format.ToString().ToUpperInvariant()} but named as {media.ExtensionHint.ToString()!.ToUpperInvariant()}",
                Explanation = $"The bytes of this file are a {media.Format.ToString().ToUpperInvariant()} ({media.MimeType}), but its name ends as if it were {media.ExtensionHint.ToString()!.ToUpperInvariant()}. " +
                    "Files are often renamed or converted by apps and platforms; this says nothing about the content by itself, but it means the file is not in the form it claims.",
                Facts = [new Fact("content format", media.MimeType), new Fact("extension suggests", media.ExtensionHint.ToString()!)],
            });
        }

        return ValueTask.FromResult<IReadOnlyList<Evidence.Evidence>>(result);
    }
}
