// a script served from www, as frappe/www/website_script.js is: rendered, not sent as is
const renderedFor = "{{ user }}";
