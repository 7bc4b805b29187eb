global using static LanguageExt.Prelude;

// Every test here loads both cores on purpose; run one at a time so that none measures another's load.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
