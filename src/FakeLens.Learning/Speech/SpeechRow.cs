namespace FakeLens.Learning.Speech;

/// <summary>One analysed clip (or a vocoded copy of one): the utterance vector, speech frames for the GMM, and its labels.</summary>
/// <param name="SampleIndex">Index of the source clip in the sample list.</param>
/// <param name="IsFake">True for synthetic clips and for vocoded copies of real clips.</param>
/// <param name="Family">Synthetic family (<c>vocoded</c> for the copies) or the real folder's family.</param>
/// <param name="Codec">The codec round trip applied (<c>clean</c>, <c>mp3 64k</c>, …).</param>
/// <param name="Frames">Up to a few hundred LFCC speech frames, for the GMM baseline.</param>
public sealed record SpeechRow(int SampleIndex, SpeechSample Sample, bool IsFake, string Family, string Codec, float[] Features, float[][] Frames, double SpeechSeconds)
{
    public string Group => Sample.Group;

    public string Folder => Family == "vocoded" ? "vocoded copies" : Sample.Folder;
}
