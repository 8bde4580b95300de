using Microsoft.AspNetCore.SignalR;
using StakeholderHub.Access;
using StakeholderHub.Realtime;

namespace StakeholderHub.Tests.Realtime;

public sealed class DeclaredRolesTests
{
    [Fact]
    public async Task AHubMethodWithoutADeclaredRoleStopsTheStart()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "shub-tests", Guid.NewGuid().ToString("N"));
        var store = TestStore.Create(dataPath);
        await using var app = HubServer.Build(dataPath, store: store);
        try
        {
            var refused = Assert.Throws<InvalidOperationException>(() => app.MapSessionHub<HubWithAnOpenDoor>("/hubs/open"));
            Assert.Contains(nameof(HubWithAnOpenDoor.ForgotWhoMayCallIt), refused.Message);
            Assert.DoesNotContain(nameof(HubWithAnOpenDoor.Declared), refused.Message);
        }
        finally
        {
            store.Drop();
            if (Directory.Exists(dataPath))
            {
                Directory.Delete(dataPath, recursive: true);
            }
        }
    }

    [Fact]
    public void EverySessionHubMethodDeclaresWhoMayCallIt() => RoleFilter.CheckDeclared(typeof(SessionHub));

    public sealed class HubWithAnOpenDoor : Hub
    {
        [Allow("do this", Role.Facilitator)]
        public int Declared() => 1;

        public int ForgotWhoMayCallIt() => 2;
    }
}
