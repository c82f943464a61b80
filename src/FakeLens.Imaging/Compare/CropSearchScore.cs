namespace FakeLens.Imaging.Compare;

/// <summary>
/// <see cref="CompareBenchmark.CropSearch"/>: suspects searched, index size, k, how many ranked their original
/// first / in the top k by hashes alone and by keypoint votes, the keypoint ranking rate (candidates/s, index entries'
/// signatures decoded and matched) and the seconds spent on the suspect's own two signatures (direct and mirrored).
/// </summary>
public sealed record CropSearchScore(int Suspects, int IndexSize, int K, int HashTop1, int HashTopK, int KeysTop1, int KeysTopK, double KeysPerSecond, double SuspectSignatureSeconds);
