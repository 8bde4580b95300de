using StakeholderHub;
using StakeholderHub.Organisers;

// `add-organiser <email> <name>` adds an organiser and exits (Organisers/OrganiserCommand.cs); otherwise the hub runs.
var command = OrganiserCommand.IsCommand(args);
var builder = WebApplication.CreateBuilder(command ? [] : args);
builder.AddStakeholderHub();

var app = builder.Build();
if (command)
{
    return await OrganiserCommand.Run(app.Services, args, Console.In, Console.Out, Console.Error,
        Environment.GetEnvironmentVariable(OrganiserCommand.PasswordVariable));
}

app.MapStakeholderHub();
app.Run();
return 0;

public partial class Program;
