/** Placeholder until the district page is built. */
export default function Page() {
  return <main class="page" id="main" />;
}
