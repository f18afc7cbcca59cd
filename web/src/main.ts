import { mount } from 'svelte';
import App from './App.svelte';
import './styles.css';
import { readEmbedded } from './lib/data.js';

const target = document.getElementById('app');
if (target) mount(App, { target, props: { data: readEmbedded(document) } });
