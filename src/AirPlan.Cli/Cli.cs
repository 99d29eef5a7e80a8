using AirPlan.Cli.Commands;

namespace AirPlan.Cli;

/// <summary>
/// The whole command line as one call. Program.Main passes the console and the process environment; tests call it
/// in-process with their own writers and settings, so checking a command costs no process start-up. Commands therefore
/// write only to the writers they are given, return their exit code instead of calling Environment.Exit, and keep no
/// static state between runs.
/// </summary>
public static class Cli
{
    /// <param name="settings">
    /// Configuration on top of the environment and appsettings.json, with ':' keys (e.g. ConnectionStrings:AirPlan):
    /// what a user would put in the environment of the process, given without touching this process's environment.
    /// </param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var host = new CliHost(settings);
        // One line per command; each command owns its usage text and exit codes.
        return args.FirstOrDefault() switch
        {
            "parse" => ParseCommand.Run(args[1..], stdout, stderr),
            "import" => await ImportCommand.RunAsync(host, args[1..], stdout, stderr),
            "export" => await ExportCommand.RunAsync(host, args[1..], stdout, stderr),
            "generate" => await GenerateCommand.RunAsync(host, args[1..], stdout, stderr),
            "create-admin" => await CreateAdminCommand.RunAsync(host, args[1..], stdout, stderr),
            "chase" => await ChaseCommand.RunAsync(host, args[1..], stdout, stderr),
            "backup" => await BackupCommand.RunBackupAsync(host, args[1..], stdout, stderr),
            "restore" => await BackupCommand.RunRestoreAsync(host, args[1..], stdout, stderr),
            "audit" => await AuditCommand.RunAsync(host, args[1..], stdout, stderr),
            _ => Usage.Print(stderr),
        };
    }
}
