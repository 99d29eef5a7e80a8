# syntax=docker/dockerfile:1

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Everything under src/ rather than csproj-first layering: new projects then need no Dockerfile change.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/ src/
RUN dotnet restore src/AirPlan.Web/AirPlan.Web.csproj
RUN dotnet publish src/AirPlan.Web/AirPlan.Web.csproj -c Release -o /app/publish --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app/publish ./
COPY seeds/ /app/seeds/
# The evidence volume is initialised from this directory, so it must already belong to the app user.
RUN mkdir -p /data/evidence && chown "$APP_UID" /data/evidence
USER $APP_UID
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
ENTRYPOINT ["dotnet", "AirPlan.Web.dll"]
