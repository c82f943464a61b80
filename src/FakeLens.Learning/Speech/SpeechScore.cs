namespace FakeLens.Learning.Speech;

/// <summary>A clip's score: calibrated probability of synthesis, raw margin, the GMM baseline's mean LLR, the share of held-out real clips scoring as high, and per-window probabilities (NaN where a window holds too little speech).</summary>
public sealed record SpeechScore(double Probability, double RawScore, double? GmmScore, double FractionOfRealAtOrAbove, IReadOnlyList<float> WindowProbabilities, double WindowStepSeconds);
