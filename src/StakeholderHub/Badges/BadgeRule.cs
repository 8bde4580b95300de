namespace StakeholderHub.Badges;

/// <summary>
/// One step of a badge rule: at least <see cref="Min"/> counted interactions among <see cref="Actions"/> (evidence
/// actions), counting each subject once when <see cref="Distinct"/> (joining the same proposal twice is one).
/// <see cref="Max"/> bounds what the facilitator can ask for; <see cref="One"/> and <see cref="Several"/> say it in words.
/// An <see cref="Optional"/> step is off (threshold 0) until the facilitator asks for it.
/// </summary>
public sealed record RuleStep(string Key, IReadOnlyList<string> Actions, int Min, int Max, bool Distinct, string One, string Several, bool Optional = false)
{
    /// <summary>The step in words, for the criteria: <see cref="One"/> at a threshold of 1, else <see cref="Several"/> with the threshold.</summary>
    public string Narrative() => Min == 1 ? One : string.Format(System.Globalization.CultureInfo.InvariantCulture, Several, Min);
}

/// <summary>
/// An event's badge rule, stored as data (table <c>badge_rules</c>); events without one use <see cref="Default"/>.
/// The facilitator changes the thresholds; the steps themselves are the badge's criteria.
/// </summary>
public sealed record BadgeRule(IReadOnlyList<RuleStep> Steps)
{
    public static readonly BadgeRule Default = new(
    [
        new RuleStep("checked_in", ["checked_in"], 1, 1, false, "checked in to the session", ""),
        new RuleStep("joined_proposal", ["joined_proposal"], 1, 10, true, "joined a cooperation proposal", "joined at least {0} cooperation proposals"),
        new RuleStep("asked_or_shared", ["asked_question", "shared_practice"], 1, 20, false, "asked a question or shared a good practice",
            "asked questions or shared good practices, at least {0} in all"),
        new RuleStep("reflected", ["submitted_reflection"], 1, 1, false,
            "submitted a reflection on what they take home and how their organisation could contribute", ""),
        new RuleStep("answered_polls", ["answered_poll", "answered_word_cloud"], 0, 10, true, "answered a live poll or word cloud",
            "answered at least {0} live polls or word clouds", Optional: true),
    ]);

    /// <summary>The steps that count: an optional step the facilitator left at 0 is no step at all.</summary>
    public IEnumerable<RuleStep> Active => Steps.Where(step => step.Min > 0);

    /// <summary>Every evidence action any rule can count: only changes with one of these move someone's progress.</summary>
    public static readonly IReadOnlySet<string> CountableActions =
        Default.Steps.SelectMany(step => step.Actions).ToHashSet(StringComparer.Ordinal);

    /// <summary>The actions only optional steps count: they move progress only while such a step is on.</summary>
    public static readonly IReadOnlySet<string> OptionalActions =
        Default.Steps.Where(step => step.Optional).SelectMany(step => step.Actions)
            .Except(Default.Steps.Where(step => !step.Optional).SelectMany(step => step.Actions)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The criteria in words, for the credential's achievement.</summary>
    public string Narrative() =>
        "Took part in a live Cities of Learning stakeholder session, recorded by the StakeholderHub as it happened: "
        + string.Join("; ", Active.Select(step => step.Narrative()))
        + ".";

    public BadgeRule With(BadgeRuleInput? input)
    {
        var thresholds = Check.NotNull(input, "rule").Thresholds ?? new Dictionary<string, int>();
        foreach (var key in thresholds.Keys)
        {
            if (Steps.All(step => step.Key != key))
            {
                Refusal.Invalid($"The rule has no step \"{key}\"; its steps are: {string.Join(", ", Steps.Select(step => step.Key))}.");
            }
        }

        return new BadgeRule(Steps
            .Select(step => thresholds.TryGetValue(step.Key, out var min)
                ? step with { Min = Check.Range(min, $"threshold of \"{step.Key}\"", step.Optional ? 0 : 1, step.Max) }
                : step)
            .ToList());
    }

    /// <summary>The rule of an event that keeps only <paramref name="thresholds"/> (per step key) of its own.</summary>
    public static BadgeRule WithThresholds(IReadOnlyDictionary<string, int> thresholds) =>
        new(Default.Steps
            .Select(step => thresholds.TryGetValue(step.Key, out var min) ? step with { Min = Math.Clamp(min, step.Optional ? 0 : 1, step.Max) } : step)
            .ToList());

    /// <summary>What an event stores of its rule: each step's threshold.</summary>
    public IReadOnlyDictionary<string, int> Thresholds() => Steps.ToDictionary(step => step.Key, step => step.Min);

    /// <summary>The rule as clients see it: each step's key and threshold.</summary>
    public RuleView View() => new(Steps.Select(step => new RuleStepView(step.Key, step.Min, step.Max, step.Optional ? 0 : 1)).ToList());
}

public sealed record RuleView(IReadOnlyList<RuleStepView> Steps);

/// <summary>A step as clients see it; <see cref="Min"/> 0: an optional step, off at 0.</summary>
public sealed record RuleStepView(string Key, int Required, int Max, int Min = 1);
