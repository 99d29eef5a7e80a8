using AirPlan.Core.Domain;
using AirPlan.Web.Features.Tasks.Work;
using AirPlan.Web.Security;
using MudBlazor;

namespace AirPlan.Web.Components.Shared;

/// <summary>Runs a user's action and says how it went in Chinese: refusals and conflicts become messages, not error pages.</summary>
public static class ActionFeedback
{
    public static async Task<bool> RunAsync(ISnackbar snackbar, Func<Task> action, string done)
    {
        try
        {
            await action();
            snackbar.Add(done, Severity.Success);
            return true;
        }
        catch (ConcurrencyConflictException e)
        {
            snackbar.Add(e.Message, Severity.Warning);
        }
        catch (Exception e) when (e is DomainException or AccessDeniedException)
        {
            snackbar.Add(e.Message, Severity.Error);
        }
        return false;
    }
}
