using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace PortOne.Sandbox;

/// <summary>Registers and maps the local PortOne V1 emulator.</summary>
public static class SandboxModule
{
    public const string PathPrefix = "/sandbox";

    public static IServiceCollection AddPortOneSandbox(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }

    public static IEndpointRouteBuilder MapPortOneSandbox(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup(PathPrefix);
        return endpoints;
    }
}
