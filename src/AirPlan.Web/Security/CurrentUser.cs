using Microsoft.AspNetCore.Components.Authorization;

namespace AirPlan.Web.Security;

/// <summary>The signed-in user of a Blazor circuit, read fresh for each action.</summary>
public sealed class CurrentUser(AuthenticationStateProvider authentication, UserContextLoader loader)
{
    public async Task<UserContext> GetAsync(CancellationToken ct = default)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return await loader.LoadAsync(state.User, ct);
    }
}
