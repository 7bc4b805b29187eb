global using LanguageExt;
global using LanguageExt.Common;
