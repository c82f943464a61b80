using Microsoft.ML.Trainers.LightGbm;

namespace FakeLens.Learning.Classifiers;

/// <summary>Sets LightGBM's per-tree feature sampling only when asked, so the default options stay exactly as before.</summary>
internal static class LightGbmOptionsExtensions
{
    public static LightGbmBinaryTrainer.Options WithFeatureFraction(this LightGbmBinaryTrainer.Options options, double fraction)
    {
        if (fraction < 1)
        {
            options.Booster = new GradientBooster.Options { FeatureFraction = fraction };
        }

        return options;
    }
}
