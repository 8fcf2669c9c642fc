using System.Text;

namespace MovieSync.Clients.Letterboxd;

/// <summary>RFC 4180 rows: quoted fields may hold commas, doubled quotes and line breaks.</summary>
public static class CsvRows
{
    public static IEnumerable<IReadOnlyList<string>> Read(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var any = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            any = true;
            var ch = (char)c;
            if (quoted)
            {
                if (ch != '"')
                    field.Append(ch);
                else if (reader.Peek() == '"')
                    field.Append((char)reader.Read());
                else
                    quoted = false;
                continue;
            }

            switch (ch)
            {
                case '"': quoted = true; break;
                case ',': fields.Add(field.ToString()); field.Clear(); break;
                case '\r': break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    if (fields.Count > 1 || fields[0].Length > 0)
                        yield return fields;
                    fields = new List<string>();
                    any = false;
                    break;
                default: field.Append(ch); break;
            }
        }

        if (quoted)
            throw new FormatException("the file ends inside a quoted field");
        if (any)
        {
            fields.Add(field.ToString());
            if (fields.Count > 1 || fields[0].Length > 0)
                yield return fields;
        }
    }
}
