namespace StakeholderHub.Tests.Badges;

/// <summary>A participant earns the badge through the hub (the default rule's four steps) and claims it.</summary>
internal static class BadgeFlow
{
    /// <summary>Issues one badge; answers its id and its signed credential as the hub serves it.</summary>
    public static async Task<(string Id, string Jwt)> Issue(Room room, HubServer server, string name = "Ana Peeters", string email = "Ana.Peeters@Example.org")
    {
        var owner = await room.Connect(await room.Invite("Jan De Smet " + Guid.NewGuid().ToString("N")[..4]));
        var proposal = await room.CreateProposal(owner, Room.ProposalInput("Learning cities twinning"));
        var participant = await room.Connect(await room.Join(name));
        await participant.Call("JoinProposal", proposal, Room.Membership("partner"));
        await participant.Call("AskQuestion", Room.QuestionInput("How do we apply?"));
        var last = await participant.Call("SaveReflection", new { takeHome = "Partners in Lisbon.", contribute = "Hosting." });
        await participant.WaitForVersion(last.Version);
        var claimed = await participant.Invoke("ClaimBadge", new { email });
        var id = claimed.GetProperty("badge").GetProperty("id").GetString()!;
        return (id, await server.Http.GetStringAsync($"badges/{id}/credential.jwt"));
    }
}
