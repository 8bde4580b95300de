using System.Text;

namespace StakeholderHub;

/// <summary>
/// RFC 4180 CSV, every field quoted, with a byte-order mark so spreadsheets read it as UTF-8. A field that a
/// spreadsheet would run as a formula is prefixed with an apostrophe.
/// </summary>
public sealed class Csv
{
    private readonly StringBuilder _text = new();

    public Csv(params string[] header) => Row(header);

    public void Row(params string[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                _text.Append(',');
            }

            var field = fields[i];
            if (field.Length > 0 && field[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            {
                field = "'" + field;
            }

            _text.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
        }

        _text.Append("\r\n");
    }

    /// <summary>The file's bytes: the byte-order mark, then the rows in UTF-8 (what <see cref="Result"/> sends).</summary>
    public byte[] Bytes() => Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(_text.ToString())).ToArray();

    public IResult Result(string fileName) => Results.File(Bytes(), "text/csv; charset=utf-8", fileName);
}
