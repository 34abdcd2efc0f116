// A database lost at start (iOS clears the storage of a site not on the home screen after days without
// use; any browser may under storage pressure): said plainly, and the way back shown. Signing in brings
// back what the server has; the last backup file brings back changes that had not reached it.
import { t } from './i18n.js';
import { showBanner } from './banners.js';
import { databaseMarker, detect, lostDatabase, markDatabase } from './ios.js';

export function checkLostDatabase(hasSession, navigate) {
  const lost = lostDatabase(databaseMarker(), hasSession);
  if (hasSession) markDatabase(true);
  if (!lost) return false;
  const info = detect();
  const why = info.ios && !info.standalone
    ? t('The records kept on this phone are gone: Safari deletes the data of a site not added to the home screen after some days without use.')
    : t('The records kept on this phone are gone: the browser deleted them.');
  const way = t('Sign in: what the server has comes back. Then import your last backup file on the Sync screen to bring back changes that had not been sent.');
  showBanner('lost-database', [why, way].join(' '),
    t('I understand'), () => {
      markDatabase(false);
      document.querySelector('[data-banner="lost-database"]')?.remove();
      if (navigate) navigate('signin');
    });
  return true;
}
