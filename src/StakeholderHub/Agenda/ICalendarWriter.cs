using System.Globalization;
using System.Text;

namespace StakeholderHub.Agenda;

/// <summary>
/// Writes an iCalendar (RFC 5545) file: the calendar's header, its events, and the end; lines escaped and folded as
/// the RFC says. The agenda's file (<see cref="AgendaFiles.Calendar"/>) and a proposal update's date
/// (Matchmaking) are both written with it.
/// </summary>
public sealed class ICalendarWriter
{
    private readonly StringBuilder _text = new();

    public ICalendarWriter(string name)
    {
        Line("BEGIN:VCALENDAR");
        Line("VERSION:2.0");
        Line("PRODID:-//StakeholderHub//Agenda//EN");
        Line("CALSCALE:GREGORIAN");
        Line("METHOD:PUBLISH");
        Line("X-WR-CALNAME:" + Escaped(name));
    }

    /// <summary>One event; without <paramref name="end"/> it is a point in time (RFC 5545 §3.6.1).</summary>
    public void Event(string uid, DateTimeOffset stamp, DateTimeOffset start, DateTimeOffset? end, string summary, string description)
    {
        Line("BEGIN:VEVENT");
        Line("UID:" + uid);
        Line("DTSTAMP:" + Utc(stamp));
        Line("DTSTART:" + Utc(start));
        if (end is { } until)
        {
            Line("DTEND:" + Utc(until));
        }

        Line("SUMMARY:" + Escaped(summary));
        if (description.Length > 0)
        {
            Line("DESCRIPTION:" + Escaped(description));
        }

        Line("END:VEVENT");
    }

    /// <summary>Ends the calendar and answers its text.</summary>
    public string Finish()
    {
        Line("END:VCALENDAR");
        return _text.ToString();
    }

    private void Line(string line) => _text.Append(Folded(line)).Append("\r\n");

    public static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>RFC 5545 §3.3.11: a backslash, semicolon and comma are escaped, a line break is <c>\n</c>.</summary>
    public static string Escaped(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace(";", "\\;", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal)
            .Replace("\r\n", "\\n", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal)
            .Replace("\r", "\\n", StringComparison.Ordinal);

    /// <summary>RFC 5545 §3.1: lines longer than 75 octets are folded (CRLF and a space), never inside a UTF-8 character.</summary>
    public static string Folded(string line)
    {
        var text = new StringBuilder();
        var octets = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > 75)
            {
                text.Append("\r\n ");
                octets = 1;
            }

            text.Append(rune.ToString());
            octets += size;
        }

        return text.ToString();
    }
}
