using System.Text;

namespace Resilience.Functional.Report;

/// <summary>RFC 4180 records as BenchmarkDotNet writes them: comma-separated, a field with a comma quoted ("1,234.5 ns").</summary>
internal static class Csv
{
    /// <summary>The records of <paramref name="text"/>, blank lines skipped.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Parse(string text)
    {
        var records = new List<IReadOnlyList<string>>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                EndRecord(records, fields, field);
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw new FormatException("The CSV ends inside a quoted field.");
        }

        EndRecord(records, fields, field);
        return records;
    }

    private static void EndRecord(List<IReadOnlyList<string>> records, List<string> fields, StringBuilder field)
    {
        if (fields.Count > 0 || field.Length > 0)
        {
            fields.Add(field.ToString());
            records.Add(fields.ToArray());
        }

        fields.Clear();
        field.Clear();
    }
}
