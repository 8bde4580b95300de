namespace StakeholderHub.Events;

/// <summary>
/// The one place that decides the name and organisation others see of a person: the ones given, unless the content
/// filter held them at check-in and the facilitator has not approved them; then none (an empty name, which every page
/// shows as a neutral placeholder, "Participant" translated). Every query that shows a person's name to someone (a
/// proposal's owner, an asker, who answered, a practice's author, a member, a pitch's speaker) joins the person
/// through <see cref="Join"/>.
/// </summary>
public static class ShownNames
{
    /// <summary>
    /// A LEFT JOIN of <c>people</c> as <paramref name="alias"/> on <paramref name="personId"/> that finds no row while
    /// the person's name is held: its name and organisation are then NULL, which the rows turn into "".
    /// (Plain columns rather than a CASE, so that SQLite reports them as text to Dapper.)
    /// </summary>
    public static string Join(string alias, string personId) =>
        $"LEFT JOIN people {alias} ON {alias}.id = {personId} AND {alias}.name_held_reason IS NULL";
}
