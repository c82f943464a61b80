namespace FakeLens.Learning.Classifiers;

/// <summary>The ML.NET binary learners FakeLens trains and compares.</summary>
public enum ClassifierKind
{
    /// <summary>Gradient-boosted trees (LightGBM; Ke et al. 2017).</summary>
    LightGbm,

    /// <summary>Gradient-boosted trees (ML.NET FastTree, MART).</summary>
    FastTree,

    /// <summary>L2-regularised logistic regression (L-BFGS) on standardised features.</summary>
    Logistic,
}
