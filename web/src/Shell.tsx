import { useMemo, useState } from 'react';
import { FilterBox } from './components/FilterBox.tsx';
import { Header } from './components/Header.tsx';
import { eventsUrl, useLive } from './live/useLive.ts';
import { AccountPage } from './pages/AccountPage.tsx';
import { AdminPage } from './pages/AdminPage.tsx';
import { LeasesPage } from './pages/LeasesPage.tsx';
import { LivePage } from './pages/LivePage.tsx';
import { atLeast, useSessionContext } from './session/context.ts';
import { type PageName, useRoute } from './session/routing.ts';

const labels: Record<PageName, string> = {
  live: 'Live lab',
  leases: 'Leases',
  account: 'My account',
  admin: 'Admin',
};

/** The logged-in dashboard: one live link for every page, the header, and the current page. */
export function Shell() {
  const { me, refresh } = useSessionContext();
  const { data, connection, retryNow } = useLive(useMemo(eventsUrl, []), refresh);
  const route = useRoute();
  const [filter, setFilter] = useState('');

  const allowed = useMemo(() => {
    const list: PageName[] = ['live', 'leases'];
    // Tokens and keys belong to users: a server without authentication has none.
    if (me.user) list.push('account');
    if (atLeast(me.role, 'operator')) list.push('admin');
    return list.map((page) => ({ page, label: labels[page] }));
  }, [me]);
  const page = allowed.some((entry) => entry.page === route.page) ? route.page : 'live';
  const deviceCount = useMemo(
    () => Object.values(data.devices).reduce((sum, map) => sum + map.size, 0),
    [data.devices],
  );

  return (
    <div className="app">
      <Header
        connection={connection}
        onRetry={retryNow}
        page={page}
        pages={allowed}
        deviceCount={deviceCount}
      >
        {page === 'live' && <FilterBox value={filter} onChange={setFilter} />}
      </Header>
      {page === 'live' && <LivePage data={data} filter={filter} mySlices={me.slices} />}
      {page === 'leases' && <LeasesPage data={data} route={route} />}
      {page === 'account' && <AccountPage />}
      {page === 'admin' && <AdminPage />}
    </div>
  );
}
