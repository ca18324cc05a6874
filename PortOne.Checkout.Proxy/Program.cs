// The checkout's instances behind one address. Everything the proxy does is in appsettings.json,
// section ReverseProxy (YARP's own schema), reloaded when the file changes: add or drain an instance
// without restarting the proxy.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));

var app = builder.Build();
app.MapReverseProxy();
app.Run();
