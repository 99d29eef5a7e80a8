# syntax=docker/dockerfile:1

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Everything under src/ rather than csproj-first layering: new projects then need no Dockerfile change.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/ src/
RUN dotnet restore src/AirPlan.Web/AirPlan.Web.csproj
RUN dotnet publish src/AirPlan.Web/AirPlan.Web.csproj -c Release -o /app/publish --no-restore
# The airplan command line beside the app, for create-admin (and import/export) in the same container.
RUN dotnet restore src/AirPlan.Cli/AirPlan.Cli.csproj && dotnet publish src/AirPlan.Cli/AirPlan.Cli.csproj -c Release -o /app/cli --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app/publish ./
COPY --from=build /app/cli ./cli/
COPY seeds/ /app/seeds/
# The evidence volume is initialised from this directory, so it must already belong to the app user.
RUN mkdir -p /data/evidence /home/app/.aspnet/DataProtection-Keys && chown -R "$APP_UID" /data/evidence /home/app/.aspnet
USER $APP_UID
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
ENTRYPOINT ["dotnet", "AirPlan.Web.dll"]
