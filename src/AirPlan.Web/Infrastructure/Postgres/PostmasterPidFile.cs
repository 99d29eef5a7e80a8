namespace AirPlan.Web.Infrastructure.Postgres;

/// <summary>
/// postmaster.pid as written by a running server: line 1 is the PID, line 4 the port
/// (see PostgreSQL's miscadmin.h, LOCK_FILE_LINE_*).
/// </summary>
internal sealed record PostmasterPidFile(int ProcessId, int Port)
{
    public static string PathIn(string dataDirectory) => System.IO.Path.Combine(dataDirectory, "postmaster.pid");

    public static PostmasterPidFile? TryRead(string dataDirectory)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(PathIn(dataDirectory));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return lines.Length >= 4
            && int.TryParse(lines[0].Trim(), out var pid)
            && int.TryParse(lines[3].Trim(), out var port)
                ? new PostmasterPidFile(pid, port)
                : null;
    }
}
