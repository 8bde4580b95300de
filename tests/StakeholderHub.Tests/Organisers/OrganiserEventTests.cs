using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Dapper;
using StakeholderHub.Access;
using StakeholderHub.Agenda;
using StakeholderHub.Realtime;
using StakeholderHub.Board;
using StakeholderHub.Events;
using StakeholderHub.Organisers;

namespace StakeholderHub.Tests.Organisers;

public sealed class OrganiserEventTests : ServerTest
{
    [Fact]
    public async Task AnOrganiserSeesAndHandlesOnlyTheirOwnEvents()
    {
        using var ana = await OrganiserClient.SignedIn(Server, "ana@example.org", "Ana");
        using var ben = await OrganiserClient.SignedIn(Server, "ben@example.org", "Ben");
        var anas = await ana.Create("Ana's afternoon", EventTemplates.AntwerpAfternoon);
        var soon = await ana.Create("Ana's next one", EventTemplates.Empty, DateTimeOffset.UtcNow.AddDays(10));
        var bens = await ben.Create("Ben's morning", EventTemplates.Empty);

        var anaSees = await ana.Events();
        Assert.Equal([anas.EventId], anaSees.Live.Select(e => e.Id));
        Assert.Equal([soon.EventId], anaSees.Upcoming.Select(e => e.Id));
        Assert.Empty(anaSees.Closed);
        Assert.Empty(anaSees.Archived);
        var benSees = await ben.Events();
        Assert.Equal([bens.EventId], benSees.Live.Select(e => e.Id));
        Assert.Empty(benSees.Upcoming);
        // The event made with the deployment's key belongs to no organiser.
        Assert.DoesNotContain(Server.DefaultEvent.Event.Id, anaSees.Live.Concat(benSees.Live).Select(e => e.Id));

        // Ben can neither get the links of Ana's event, nor archive it, delete it or copy it: it does not exist for him.
        Assert.Equal(HttpStatusCode.NotFound, (await ben.Links(anas.EventId)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ben.Http.PostAsync($"/api/organiser/events/{anas.EventId}/archive", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ben.Http.DeleteAsync($"/api/organiser/events/{anas.EventId}")).StatusCode);
        var copy = await ben.Http.PostAsJsonAsync("/api/organiser/events", new { title = "Copy", template = $"event:{anas.EventId}" });
        Assert.Equal(HttpStatusCode.NotFound, copy.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ben.Links(Server.DefaultEvent.Event.Id)).StatusCode);
        Assert.Equal([anas.EventId], (await ana.Events()).Live.Select(e => e.Id));

        // The live count is the event's checked-in participants.
        var response = await Server.Http.PostAsJsonAsync("/api/join", new { code = anas.JoinCode, name = "Cas", organisation = "CAP", country = "BE" });
        response.EnsureSuccessStatusCode();
        Assert.Equal(1, Assert.Single((await ana.Events()).Live).CheckedIn);
    }

    [Fact]
    public async Task AnEventMadeFromAPastOneCopiesItsPlanButNothingOfItsPeople()
    {
        using var ana = await OrganiserClient.SignedIn(Server, "ana@example.org", "Ana");
        var past = await ana.Create("Antwerp 2026", EventTemplates.AntwerpAfternoon);
        var pastFacilitator = HubServer.TokenOf(past.Links.Facilitator);

        // The past event gets a stakeholder with a proposal, a pitch, a participant who upvotes, and its own badge rule.
        using var invite = new HttpRequestMessage(HttpMethod.Post, "/api/invites") { Content = JsonContent.Create(new { name = "Sara Stake", organisation = "City" }) };
        invite.Headers.Authorization = new AuthenticationHeaderValue("Bearer", pastFacilitator);
        var invited = (await (await Server.Http.SendAsync(invite)).Content.ReadFromJsonAsync<Invited>(Json.Options))!;
        await using var facilitator = await Server.Connect(pastFacilitator);
        var firstItem = facilitator.Agenda!.Items[0].Id;
        var proposalId = (await facilitator.Invoke<Ack>("CreateProposal", new ProposalInput(
            "Green youth hubs", "Hubs where young people learn", "Schools in NL", ["NL"], ["education"], ["green", "youth"], firstItem, invited.Person.Id, null))).Id!.Value;
        await facilitator.Invoke<Ack>("AddPitch", firstItem, new PitchInput(null, proposalId, invited.Person.Id, "Sara Stake", 5));
        await facilitator.Invoke<Ack>("AddPitch", firstItem, new PitchInput("Open mic", null, null, "Anyone", 3));
        await facilitator.Invoke<Ack>("SetBadgeRule", new { thresholds = new Dictionary<string, int> { ["joined_proposal"] = 2 } });
        var joined = await Server.Http.PostAsJsonAsync("/api/join", new { code = past.JoinCode, name = "Cas", organisation = "CAP", country = "BE" });
        var cas = (await joined.Content.ReadFromJsonAsync<Joined>(Json.Options))!;
        await using (var participant = await Server.Connect(cas.Token))
        {
            await participant.Invoke<Ack>("UpvoteProposal", proposalId);
        }

        var before = await Server.Snapshot(pastFacilitator);

        var next = await ana.Create("Antwerp 2027", $"event:{past.EventId}", DateTimeOffset.UtcNow.AddDays(300));
        Assert.NotEqual(past.EventId, next.EventId);

        // The facilitator link the console gets works: the snapshot and the hub.
        var token = await ana.FacilitatorToken(next.EventId);
        var after = await Server.Snapshot(token);
        Assert.Equal(next.EventId, after.Event.Id);
        Assert.Equal(Role.Facilitator, after.Me.Role);
        Assert.Equal("Antwerp 2027", after.Event.Title);
        await using (var connected = await Server.Connect(token))
        {
            Assert.Equal(before.Agenda.Items.Count, connected.Agenda!.Items.Count);
        }

        // The agenda, with its pitches (speakers left out).
        Assert.Equal(before.Agenda.Items.Select(i => (i.Title, i.Kind, i.PlannedMinutes, i.Presenter)),
            after.Agenda.Items.Select(i => (i.Title, i.Kind, i.PlannedMinutes, i.Presenter)));
        var pitches = after.Agenda.Items[0].Pitches;
        Assert.Equal(2, pitches.Count);
        await using (var pitchDb = Server.Db())
        {
            // No speaker is copied (a proposal's pitch shows its owner, now the facilitator).
            Assert.Equal(0, await pitchDb.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM pitches WHERE event_id = @Id AND (speaker_id IS NOT NULL OR speaker <> '')", new { Id = next.EventId }));
        }

        Assert.Equal("Open mic", pitches[1].Title);

        // The proposals' skeletons: title, summary and tags, owned by the new facilitator, without votes or partners sought.
        var proposal = Assert.Single(after.Proposals);
        Assert.Equal(("Green youth hubs", "Hubs where young people learn"), (proposal.Title, proposal.Summary));
        Assert.Equal(["green", "youth"], proposal.Tags);
        Assert.Equal(0, proposal.Upvotes);
        Assert.Equal(0, proposal.Members);
        Assert.Equal("", proposal.PartnersSought);
        Assert.Equal(after.Me.Id, proposal.OwnerId);
        Assert.Equal(after.Agenda.Items[0].Id, proposal.AgendaItemId);
        Assert.Equal(proposal.Id, pitches[0].ProposalId);

        // The badge rule.
        Assert.Equal(2, after.Rule.Steps.Single(step => step.Key == "joined_proposal").Required);

        // Nobody: only the new event's own facilitator and projector.
        await using var db = Server.Db();
        var roles = await db.QueryAsync<string>("SELECT role FROM people WHERE event_id = @Id ORDER BY role", new { Id = next.EventId });
        Assert.Equal(["facilitator", "projector"], roles);
        Assert.Equal(0, await db.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM proposal_votes v JOIN proposals p ON p.id = v.proposal_id WHERE p.event_id = @Id", new { Id = next.EventId }));
        Assert.Equal(0, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM evidence WHERE event_id = @Id", new { Id = next.EventId }));
        Assert.Equal(0, Assert.Single((await ana.Events()).Upcoming).CheckedIn);
    }

    [Fact]
    public async Task ArchivingHidesAnEventAndDeletingRemovesEveryRowOfIt()
    {
        using var ana = await OrganiserClient.SignedIn(Server, "ana@example.org", "Ana");
        var kept = await ana.Create("Kept", EventTemplates.AntwerpAfternoon);
        var gone = await ana.Create("Gone", EventTemplates.AntwerpAfternoon);

        Assert.Equal(HttpStatusCode.NoContent, (await ana.Http.PostAsync($"/api/organiser/events/{kept.EventId}/archive", null)).StatusCode);
        var lists = await ana.Events();
        Assert.Equal([kept.EventId], lists.Archived.Select(e => e.Id));
        Assert.Equal([gone.EventId], lists.Live.Select(e => e.Id));
        Assert.Equal(HttpStatusCode.NoContent, (await ana.Http.PostAsync($"/api/organiser/events/{kept.EventId}/unarchive", null)).StatusCode);
        Assert.Equal(2, (await ana.Events()).Live.Count);

        // The event to delete gets people, a question, votes, evidence, a poll.
        var facilitatorToken = await ana.FacilitatorToken(gone.EventId);
        var joined = await Server.Http.PostAsJsonAsync("/api/join", new { code = gone.JoinCode, name = "Cas", organisation = "CAP", country = "BE", email = "cas@example.org" });
        var cas = (await joined.Content.ReadFromJsonAsync<Joined>(Json.Options))!;
        await using (var participant = await Server.Connect(cas.Token))
        {
            await participant.Invoke<Ack>("AskQuestion", new { text = "What happens next?", anonymous = false });
        }

        await using (var facilitator = await Server.Connect(facilitatorToken))
        {
            await facilitator.Invoke<Ack>("SetBadgeRule", new { thresholds = new Dictionary<string, int> { ["joined_proposal"] = 1 } });
        }

        (await Server.Http.PostAsJsonAsync("/api/join", new { code = kept.JoinCode, name = "Dee", organisation = "CAP", country = "NL" })).EnsureSuccessStatusCode();
        var tables = await TablesWithEventId();
        Assert.Contains("evidence", tables);
        Assert.Contains("questions", tables);
        Assert.True(await RowsOf(gone.EventId, tables) > 0);
        var keptRows = await RowsOf(kept.EventId, tables);

        Assert.Equal(HttpStatusCode.NoContent, (await ana.Http.DeleteAsync($"/api/organiser/events/{gone.EventId}")).StatusCode);

        Assert.Equal(0, await RowsOf(gone.EventId, tables));
        await using (var db = Server.Db())
        {
            Assert.Equal(0, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM events WHERE id = @Id", new { Id = gone.EventId }));
            Assert.Equal(0, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM people WHERE email = 'cas@example.org'"));
        }

        Assert.Equal(keptRows, await RowsOf(kept.EventId, tables));
        Assert.Equal([kept.EventId], (await ana.Events()).Live.Select(e => e.Id));
        // Its links no longer work; the evidence of other events is still append-only.
        using var snapshot = new HttpRequestMessage(HttpMethod.Get, "/api/snapshot");
        snapshot.Headers.Authorization = new AuthenticationHeaderValue("Bearer", cas.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Server.Http.SendAsync(snapshot)).StatusCode);
        await using (var db = Server.Db())
        {
            await db.OpenAsync();
            await Assert.ThrowsAnyAsync<Exception>(() => db.ExecuteAsync("DELETE FROM evidence WHERE event_id = @Id", new { Id = kept.EventId }));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await ana.Http.DeleteAsync($"/api/organiser/events/{gone.EventId}")).StatusCode);
    }

    [Fact]
    public async Task AnInvitationLinkMakesANewOrganiserOnce()
    {
        using var ana = await OrganiserClient.SignedIn(Server, "ana@example.org", "Ana");
        var response = await ana.Http.PostAsJsonAsync("/api/organiser/invitations", new { email = "Ben@Example.org" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var invitation = (await response.Content.ReadFromJsonAsync<Invitation>(Json.Options))!;
        Assert.StartsWith(new Uri(Server.BaseUrl, "/organiser#invitation=").ToString(), invitation.Link);
        Assert.InRange(invitation.ExpiresAt, DateTimeOffset.UtcNow.AddDays(6.9), DateTimeOffset.UtcNow.AddDays(7.1));
        var token = invitation.Link[(invitation.Link.IndexOf("#invitation=", StringComparison.Ordinal) + "#invitation=".Length)..];

        // Only its hash is stored.
        await using (var db = Server.Db())
        {
            Assert.Equal(0, await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM organiser_invitations WHERE token_hash = @Token", new { Token = token }));
        }

        using var ben = new OrganiserClient(Server);
        var view = await (await ben.Http.PostAsJsonAsync("/api/organiser/invitation", new { token })).Content.ReadFromJsonAsync<InvitationView>(Json.Options);
        Assert.Equal(("ben@example.org", "Ana"), (view!.Email, view.InvitedBy));
        var accepted = await ben.Http.PostAsJsonAsync("/api/organiser/invitation/accept", new { token, name = "Ben", password = "bens own password" });
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        var me = await ben.Http.GetFromJsonAsync<Organiser>("/api/organiser/me", Json.Options);
        Assert.Equal(("ben@example.org", "Ben"), (me!.Email, me.Name));

        // Once only.
        using var eve = new OrganiserClient(Server);
        var again = await eve.Http.PostAsJsonAsync("/api/organiser/invitation/accept", new { token, name = "Eve", password = "eves own password" });
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await eve.Http.PostAsJsonAsync("/api/organiser/invitation", new { token })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await eve.Http.PostAsJsonAsync("/api/organiser/invitation", new { token = "made-up" })).StatusCode);

        // Ben signs in later with his own password, and sees none of Ana's events.
        await ana.Create("Ana's", EventTemplates.Empty);
        using var later = new OrganiserClient(Server);
        Assert.Equal(HttpStatusCode.OK, (await later.SignIn("ben@example.org", "bens own password")).StatusCode);
        Assert.Empty((await later.Events()).Live);

        // Inviting needs a signed-in organiser.
        using var anonymous = new OrganiserClient(Server);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.PostAsJsonAsync("/api/organiser/invitations", new { email = "x@example.org" })).StatusCode);
    }

    private async Task<List<string>> TablesWithEventId()
    {
        await using var db = Server.Db();
        var sql = TestStore.Postgres
            ? "SELECT table_name FROM information_schema.columns WHERE column_name = 'event_id' AND table_schema = current_schema()"
            : "SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c WHERE m.type = 'table' AND c.name = 'event_id'";
        return (await db.QueryAsync<string>(sql)).ToList();
    }

    /// <summary>The rows of the event in every table with an event_id, and the rows under its polls, questions and proposals.</summary>
    private async Task<long> RowsOf(long eventId, IEnumerable<string> tables)
    {
        await using var db = Server.Db();
        long rows = 0;
        foreach (var table in tables)
        {
            rows += await db.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE event_id = @Id", new { Id = eventId });
        }

        foreach (var (child, key, parent) in new[]
                 {
                     ("poll_words", "poll_id", "polls"), ("poll_choices", "poll_id", "polls"), ("poll_hidden_words", "poll_id", "polls"),
                     ("question_votes", "question_id", "questions"), ("proposal_votes", "proposal_id", "proposals"),
                     ("proposal_members", "proposal_id", "proposals"),
                 })
        {
            rows += await db.ExecuteScalarAsync<long>(
                $"SELECT COUNT(*) FROM {child} WHERE {key} IN (SELECT id FROM {parent} WHERE event_id = @Id)", new { Id = eventId });
        }

        return rows + await db.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM events WHERE id = @Id", new { Id = eventId });
    }
}
