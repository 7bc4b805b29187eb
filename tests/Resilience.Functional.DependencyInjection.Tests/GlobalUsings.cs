global using static LanguageExt.Prelude;
