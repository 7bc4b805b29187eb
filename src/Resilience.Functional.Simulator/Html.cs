namespace Resilience.Functional.Simulator;

/// <summary>HTML text encoding.</summary>
internal static class Html
{
    /// <summary>Encodes <paramref name="text"/> for an element's content or a quoted attribute.</summary>
    public static string Encode(string text) => System.Net.WebUtility.HtmlEncode(text);
}
