namespace AirPlan.Web.Data;

/// <summary>
/// Failed sign-ins counted for one key (an account name as typed, or an address), kept in PostgreSQL rather than in memory so
/// that every instance of the app slows the same guesser down (<see cref="AirPlan.Core.Security.SignInBackoff"/>).
/// </summary>
public class SignInFailureCount
{
    /// <summary><c>account:</c> + the upper-cased typed name, or <c>address:</c> + the remote address.</summary>
    public string Key { get; set; } = "";
    public int Failures { get; set; }
    public DateTimeOffset LastFailureAt { get; set; }
}
