namespace FakeLens.Learning.Speech;

/// <summary>One labelled clip: its folder (the root given on the command line), synthetic family, and voice group.</summary>
/// <param name="Folder">The last two path parts of the root folder (<c>real/librispeech</c>, <c>vits-demo/synthetic</c>).</param>
/// <param name="Family">The source family: the root folder's name, or its parent's when it is called real/synthetic/fake (vits-demo).</param>
/// <param name="Group">Speaker or voice (<c>libri-1034</c>, <c>lj</c>, <c>vctk-3</c>); matched real and fake clips of one voice share it.</param>
public sealed record SpeechSample(string Path, bool IsFake, string Folder, string Family, string Group)
{
    /// <summary>Set for corpus clips whose voice group holds both real and synthetic clips (<see cref="SpeechDataset.FromManifest"/>).</summary>
    public bool Matched { get; init; }

    /// <summary>Real and synthetic clips of the same voices (vits-demo, or a corpus group with both classes): the subset where voice cannot give the answer away.</summary>
    public bool IsMatched => Matched || Folder.StartsWith("vits-demo", StringComparison.OrdinalIgnoreCase) || Folder.StartsWith("matched", StringComparison.OrdinalIgnoreCase);
}
