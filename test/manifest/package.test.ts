import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import {
  MANIFEST_DIR,
  buildAppPackage,
  createAppPackage,
  fillManifest,
  parseCommands,
  valuesFromEnv,
} from '../../scripts/app-package';
import { appPackageError } from './app-package-error';

const BOT_ID = '3f2a1c9e-8b7d-4e6f-a5c4-1b2d3e4f5a6b';
const env = { MicrosoftAppId: BOT_ID, BOT_DOMAIN: 'https://warden.example.com/api/messages' };
const manifestFile = (name: string): Buffer => readFileSync(path.join(MANIFEST_DIR, name));

describe('app package', () => {
  it('zips exactly manifest.json, color.png and outline.png at the root', async () => {
    const { zip } = await createAppPackage(env, { defaultVersion: '0.1.0' });
    const archive = await JSZip.loadAsync(zip);
    const names = Object.keys(archive.files).sort();
    expect(names).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(Object.values(archive.files).some((f) => f.dir)).toBe(false);
    expect((await archive.file('color.png')!.async('nodebuffer')).equals(manifestFile('color.png'))).toBe(
      true,
    );
    expect((await archive.file('outline.png')!.async('nodebuffer')).equals(manifestFile('outline.png'))).toBe(
      true,
    );
  });

  it("the zip's manifest.json is the template filled from the environment", async () => {
    const { manifest, zip } = await createAppPackage(env, { defaultVersion: '0.1.0' });
    const inZip: unknown = JSON.parse(
      await (await JSZip.loadAsync(zip)).file('manifest.json')!.async('string'),
    );
    const expected = fillManifest(
      JSON.parse(manifestFile('manifest.template.json').toString('utf8')),
      { BOT_ID, TEAMS_APP_ID: BOT_ID, BOT_DOMAIN: 'warden.example.com', APP_VERSION: '0.1.0' },
      parseCommands(JSON.parse(manifestFile('commands.json').toString('utf8'))),
    );
    expect(inZip).toEqual(expected);
    expect(manifest).toEqual(expected);
  });

  it('gives the same bytes for the same inputs', async () => {
    const first = await createAppPackage(env, { defaultVersion: '0.1.0' });
    const second = await createAppPackage(env, { defaultVersion: '0.1.0' });
    expect(first.zip.equals(second.zip)).toBe(true);
  });

  it('refuses an icon that the manifest names but the package lacks', async () => {
    const { manifest } = await createAppPackage(env, { defaultVersion: '0.1.0' });
    await expect(
      buildAppPackage({ manifest, icons: { 'color.png': manifestFile('color.png') } }),
    ).rejects.toEqual(expect.objectContaining({ reason: 'invalid-icon' }));
  });

  describe('settings from the environment', () => {
    it('names the missing variable', () => {
      expect(appPackageError(() => valuesFromEnv({ BOT_DOMAIN: 'a.example.com' }, '1.0.0'))).toMatchObject({
        reason: 'missing-setting',
        setting: 'MicrosoftAppId',
      });
      expect(
        appPackageError(() => valuesFromEnv({ MicrosoftAppId: BOT_ID, BOT_DOMAIN: '  ' }, '1.0.0')),
      ).toMatchObject({
        reason: 'missing-setting',
        setting: 'BOT_DOMAIN',
      });
    });

    it('names the variable with a bad value', () => {
      const base = { MicrosoftAppId: BOT_ID, BOT_DOMAIN: 'a.example.com' };
      const cases: Array<[Record<string, string>, string]> = [
        [{ ...base, MicrosoftAppId: 'my-bot' }, 'MicrosoftAppId'],
        [{ ...base, TEAMS_APP_ID: '1234' }, 'TEAMS_APP_ID'],
        [{ ...base, BOT_DOMAIN: 'a.example.com/api/messages' }, 'BOT_DOMAIN'],
        [{ ...base, TEAMS_APP_VERSION: 'v2' }, 'TEAMS_APP_VERSION'],
      ];
      for (const [settings, setting] of cases) {
        expect(appPackageError(() => valuesFromEnv(settings, '1.0.0'))).toMatchObject({
          reason: 'invalid-setting',
          setting,
        });
      }
    });

    it('defaults the Teams app id to the bot id and the version to the given one', () => {
      expect(valuesFromEnv({ MicrosoftAppId: BOT_ID, BOT_DOMAIN: 'Bot.Example.com' }, '0.4.0')).toEqual({
        BOT_ID,
        TEAMS_APP_ID: BOT_ID,
        BOT_DOMAIN: 'bot.example.com',
        APP_VERSION: '0.4.0',
      });
      const teamsAppId = '0c5d4e3f-2a1b-4c9d-8e7f-6a5b4c3d2e1f';
      expect(
        valuesFromEnv({ ...env, TEAMS_APP_ID: teamsAppId, TEAMS_APP_VERSION: '2.0.1' }, '0.4.0'),
      ).toMatchObject({ TEAMS_APP_ID: teamsAppId, APP_VERSION: '2.0.1', BOT_DOMAIN: 'warden.example.com' });
    });
  });

  it('npm run package exits 1 naming the missing variable, without a stack trace', () => {
    const repo = path.resolve(MANIFEST_DIR, '..');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/package-app.ts'], {
      cwd: repo,
      env: { PATH: process.env.PATH ?? '', MicrosoftAppId: '', BOT_DOMAIN: 'a.example.com' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('MicrosoftAppId');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
