using StakeholderHub.Data;

namespace StakeholderHub.Organisers;

/// <summary>
/// <c>dotnet run --project src/StakeholderHub -- add-organiser EMAIL NAME</c>: adds an organiser to the configured store
/// and exits. The password is read from STAKEHOLDERHUB_ORGANISER_PASSWORD, else from the first line of standard input,
/// so it never stands on a command line (docs/deploy.md).
/// </summary>
public static class OrganiserCommand
{
    public const string Name = "add-organiser";
    public const string PasswordVariable = "STAKEHOLDERHUB_ORGANISER_PASSWORD";

    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] == Name;

    /// <summary>Runs the command on the app's services (the store is migrated first); answers the exit code.</summary>
    public static async Task<int> Run(IServiceProvider services, string[] args, TextReader input, TextWriter output, TextWriter error,
        string? passwordFromEnvironment)
    {
        if (args.Length != 3)
        {
            await error.WriteLineAsync($"Usage: {Name} <email> <name>   (password from {PasswordVariable} or the first line of standard input)");
            return 2;
        }

        services.GetRequiredService<Migrator>().Migrate();
        var password = passwordFromEnvironment is { Length: > 0 } fromEnvironment ? fromEnvironment : await input.ReadLineAsync();
        try
        {
            var organiser = await services.GetRequiredService<OrganiserService>().Add(new NewOrganiserInput(args[1], args[2], password));
            await output.WriteLineAsync($"Added organiser {organiser.Email} ({organiser.Name}); sign in at /organiser.");
            return 0;
        }
        catch (Refusal refusal)
        {
            await error.WriteLineAsync(refusal.Message);
            return 1;
        }
    }
}
